"""`wersagtwas --help` stays fast: the command line imports spaCy and the heavy libraries only where used.

Not timed (bench/startup.py measures it); this checks the cause: what a fresh interpreter imports.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["spacy", "thinc", "numpy", "pandas", "pyarrow", "openpyxl", "xlsxwriter", "rich", "tqdm"]


def _imported_by(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_cli_and_its_help_import_no_heavy_library():
    code = ("from pipeline.cli import app\n"
            "for args in (['--help'], ['extract', '--help'], ['export', '--help']):\n"
            "    try:\n        app(args, prog_name='wersagtwas')\n    except SystemExit:\n        pass")
    assert _imported_by(code) == []


def test_the_probe_sees_a_heavy_import():
    # The control: the probe above would notice spaCy if the command line imported it.
    assert "spacy" in _imported_by("import pipeline.annotate")
