"""`spacy train` with thinc's CPU matrix products through numpy's BLAS (1.5-2x faster here).

Usage: python training/train.py CONFIG -o OUTPUT [--paths.x y ...]  (the arguments of spacy train)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.ops import numpy_gemm  # noqa: E402

if __name__ == "__main__":
    from spacy.cli import app

    with numpy_gemm():
        sys.argv = ["spacy", "train", *sys.argv[1:]]
        app()
