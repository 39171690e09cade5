"""Switch each quote rule and speaker sieve off in turn and run the quote tests: every one must be caught.

    .venv/bin/python bench/mutate_rules.py [--tests "tests/test_quotes*.py"] [-m "not model"]

A rule that can be switched off with every test still green is untested. Prints one line per
registered rule or sieve (caught / NOT CAUGHT, with the first failing test) and exits non-zero
when any survives.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.quotes.registry import DISABLE_ENV, rule_names  # noqa: E402


def first_failure(output: str) -> str:
    """The first FAILED line of a pytest run, shortened."""
    line = next((x for x in output.splitlines() if x.startswith("FAILED")), "")
    return line.removeprefix("FAILED ").split(" - ")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", default="tests/test_quotes*.py tests/test_views.py")
    parser.add_argument("-m", dest="marker", default="not model")
    args = parser.parse_args()
    files = [f for pattern in args.tests.split() for f in sorted(glob.glob(str(ROOT / pattern)))]
    survivors = []
    print(f"{'rule or sieve':<28}{'switched off':<16}first failing test")
    for name in rule_names():
        env = {**os.environ, DISABLE_ENV: name}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", args.marker, *files],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        caught = run.returncode != 0
        survivors += [] if caught else [name]
        print(f"{name:<28}{'caught' if caught else 'NOT CAUGHT':<16}{first_failure(run.stdout) if caught else ''}", flush=True)
    print()
    print(f"{len(rule_names()) - len(survivors)} of {len(rule_names())} rules and sieves caught by a failing test")
    print(f"reproduce: .venv/bin/python bench/mutate_rules.py --tests \"{args.tests}\" -m \"{args.marker}\"")
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
