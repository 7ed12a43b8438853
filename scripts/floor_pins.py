"""Print a pip constraints file pinning every dependency to its declared floor.

``make test-oldest`` installs crampkit with these constraints on the oldest supported Python,
so a new install at the declared minimums is tested, not just the newest versions:

    python scripts/floor_pins.py > floors.txt
    pip install -c floors.txt -e ".[test]"

Every runtime dependency and every test extra must give a ``>=`` floor; one without a floor
stops the script with a message naming it. Environment markers are kept, so a pin such as
``tomli==2.0.1; python_version < "3.11"`` applies only where the dependency does.
Transitive dependencies are left to pip (they get their newest compatible version).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip carries tomli
    try:
        import tomli as tomllib
    except ModuleNotFoundError:
        from pip._vendor import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$")


def floor_pin(requirement: str) -> str:
    """``name==floor`` (with the requirement's marker) for one ``name>=floor,...`` requirement.

    >>> floor_pin("pandas>=1.5")
    'pandas==1.5'
    >>> floor_pin('tomli>=2.0.1; python_version < "3.11"')
    'tomli==2.0.1; python_version < "3.11"'
    >>> floor_pin("voila")
    Traceback (most recent call last):
    ...
    ValueError: 'voila' has no '>=' floor
    """
    match = _REQUIREMENT.match(requirement)
    if not match:
        raise ValueError(f"{requirement!r} is not a requirement this script understands")
    name, _extras, specifiers, marker = match.groups()
    floors = [spec.strip()[2:].strip() for spec in specifiers.split(",") if spec.strip().startswith(">=")]
    if len(floors) != 1:
        raise ValueError(f"{requirement!r} has no '>=' floor")
    return f"{name}=={floors[0]}" + (f"; {marker[1:].strip()}" if marker else "")


def floor_pins(pyproject: dict) -> list[str]:
    """Pins for the runtime dependencies and every optional extra, in file order; the ``site``
    extra (the book site's build tools, never imported by crampkit or its tests) is left out."""
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for name, extra in project.get("optional-dependencies", {}).items():
        if name != "site":
            requirements += extra
    return [floor_pin(r) for r in requirements]


def main() -> int:
    try:
        pins = floor_pins(tomllib.loads(PYPROJECT.read_text(encoding="utf-8")))
    except ValueError as error:
        print(f"pyproject.toml: {error}", file=sys.stderr)
        return 2
    print("# Every declared floor, pinned (written by scripts/floor_pins.py from pyproject.toml)")
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
