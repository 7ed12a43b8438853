"""What a class costs: N students open the plan app through a real JupyterHub within a minute.

    sudo .venv/bin/python benchmarks/bench_class.py --students 30 --within 60

Uses the end-to-end test's hub (tests/browser/test_class_on_hub.py: JupyterHub on loopback,
configurable-http-proxy, each student a real system user ``jupyter-<name>`` whose own server
runs Voila), so it needs the same things: root, Debian's Chromium, ``npm ci`` in deploy/hub.
Every student logs in first; then the students arrive evenly spread over ``--within``
seconds, each following the nbgitpuller link to ``apps/plan.ipynb`` (a cold start: their
server starts, the series is copied into their home, Voila starts a kernel), entering an age
and asking for the plan. Measured for each student: seconds from following the link until
the chart of possible causes is drawn; then the memory (resident set, summed over their
server and kernel processes) of each student's processes. Prints a Markdown table and writes
benchmarks/results/class.json. A measurement, not a test (``make bench`` leaves it out: it
takes minutes and needs root).
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def cases():  # run.py: this benchmark runs on its own (root, minutes), never in `make bench`
    return []


def _memory_mb(user: str) -> float:
    uid = pwd.getpwnam(user).pw_uid
    total_kb = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid and "VmRSS" in fields:
            total_kb += int(fields["VmRSS"].split()[0])
    return total_kb / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--within", type=float, default=60.0, help="arrival window, seconds")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after, seconds")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("bench_class: needs root (it makes a system user for each student)")
        return 2
    # Stopped from outside (timeout, Ctrl-C): still stop the hub and remove the users.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS
    from tests.browser.helpers import CHROMIUM
    from tests.browser.test_class_on_hub import _log_in, _pull_link, running_class_hub, system_name

    tag = f"{os.getpid() % 10000:04d}"
    students = [f"b{tag}s{n:02d}" for n in range(args.students)]
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    with running_class_hub(f"b{tag}teacher", students, out / "class-hub.log") as hub, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = [_log_in(browser, hub, name)[1] for name in students]
        link = _pull_link(hub, "apps/plan.ipynb")
        gap = args.within / max(1, len(students) - 1)
        start = time.monotonic()
        opened: dict[int, float] = {}
        asked: set[int] = set()
        seen: dict[int, float] = {}
        while len(seen) < len(students) and time.monotonic() - start < args.timeout:
            now = time.monotonic()
            for n, page in enumerate(pages):
                if n not in opened and now - start >= n * gap:
                    page.evaluate("url => { window.location.href = url; }", link)
                    opened[n] = time.monotonic()
                elif n in opened and n not in seen:
                    try:
                        if n not in asked and page.locator(".crampkit-plan-age input").count():
                            box = page.locator(".crampkit-plan-age input").first
                            box.fill("72", timeout=5000)
                            box.press("Tab", timeout=5000)
                            submit = page.locator(".crampkit-plan-submit")
                            if submit.count():
                                submit.first.click(timeout=5000)
                            asked.add(n)
                        elif n in asked and page.locator(
                                ".crampkit-causes-chart .js-plotly-plot").count():
                            seen[n] = time.monotonic() - opened[n]
                    except Exception:  # the page is still navigating: look again soon
                        pass
            time.sleep(0.2)
        memory = [_memory_mb(system_name(name)) for name in students]
        browser.close()
    times = sorted(seen.values())
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M"), "students": len(students),
        "arrival_window_s": args.within, "saw_the_chart": len(times),
        "seconds_to_chart_median": round(statistics.median(times), 1) if times else None,
        "seconds_to_chart_worst": round(max(times), 1) if times else None,
        "memory_mb_per_student_median": round(statistics.median(memory), 0),
        "memory_mb_per_student_max": round(max(memory), 0),
        "memory_mb_all_students": round(sum(memory), 0),
        "cpus": os.cpu_count(),
    }
    (out / "class.json").write_text(json.dumps(result, indent=2))
    print("| students | arrived within | saw the chart | median | worst | memory per "
          "student (median / max) | all students |\n|---|---|---|---|---|---|---|")
    print(f"| {len(students)} | {args.within:g} s | {len(times)} | "
          f"{result['seconds_to_chart_median']} s | {result['seconds_to_chart_worst']} s | "
          f"{result['memory_mb_per_student_median']:.0f} / "
          f"{result['memory_mb_per_student_max']:.0f} MB | "
          f"{result['memory_mb_all_students']:.0f} MB |")
    return 0 if len(times) == len(students) else 1


if __name__ == "__main__":
    raise SystemExit(main())
