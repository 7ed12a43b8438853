"""Run crampkit's command line: ``python -m crampkit assess PROFILE.json [--json]``."""
import sys

from crampkit.cli import main

sys.exit(main())
