"""Start-up time of the command line: how long `wersagtwas --help` takes, and what it imports.

    .venv/bin/python bench/startup.py [--runs 7]

Each command runs --runs times in a fresh interpreter (the first run warms the file cache and is
not counted); the table gives the median and the fastest wall time, the median CPU time (steadier
on a shared machine) and the heavy modules the command imported. The goal is `wersagtwas --help`
under 0.3 s: spaCy, thinc, numpy, pandas and the spreadsheet writers are imported only by the
commands that use them. `python -X importtime -m pipeline --help` shows where the rest goes.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "thinc", "numpy", "pandas", "pyarrow", "openpyxl", "xlsxwriter", "rich", "tqdm")
GOAL = 0.3
# Runs `wersagtwas ARGS` as the console script does, then names the heavy modules it imported.
PROBE = (
    "import sys\n"
    "from pipeline.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:], prog_name='wersagtwas')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = [m for m in {heavy!r} if m in sys.modules]\n"
    "print('IMPORTED', ','.join(heavy) or '-', file=sys.stderr)\n"
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(command: list[str], runs: int) -> tuple[list[float], list[float], str]:
    """Wall and CPU seconds of each run after a warm-up, and the last run's stderr."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    walls, cpus, stderr = [], [], ""
    for n in range(runs + 1):
        started, cpu = time.perf_counter(), _cpu()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        wall, cpu = time.perf_counter() - started, _cpu() - cpu
        stderr = result.stderr
        if n:
            walls.append(wall)
            cpus.append(cpu)
    return walls, cpus, stderr


def _imported(args: list[str]) -> str:
    """The heavy modules `wersagtwas ARGS` imports (one extra run, not timed)."""
    _, _, stderr = _time([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], 0)
    return next((line.split(" ", 1)[1] for line in stderr.splitlines() if line.startswith("IMPORTED ")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("wersagtwas")
    # The console script users run; `python -m pipeline` where the package is not installed.
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("wersagtwas --help", [*cli, "--help"], ["--help"]),
        ("wersagtwas extract --help", [*cli, "extract", "--help"], ["extract", "--help"]),
        ("wersagtwas extract (no args)", [*cli, "extract"], ["extract"]),
        ("import spacy (for scale)", [sys.executable, "-c", "import spacy"], None),
    ]
    print(f"{'command':<30}{'median s':>10}{'min s':>8}{'CPU s':>8}  heavy modules imported")
    verdict = ""
    for label, command, probe in cases:
        times, cpus, _ = _time(command, args.runs)
        median = statistics.median(times)
        imported = _imported(probe) if probe is not None else ""
        print(f"{label:<30}{median:>10.3f}{min(times):>8.3f}{statistics.median(cpus):>8.3f}  {imported}")
        if label == "wersagtwas --help":
            verdict = f"wersagtwas --help: median {median:.3f} s, goal < {GOAL} s: {'met' if median < GOAL else 'NOT met'}"
    print(verdict)
    print(f"reproduce: {Path(sys.executable).name} bench/startup.py --runs {args.runs}")


if __name__ == "__main__":
    main()
