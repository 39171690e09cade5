"""Matrix products on this CPU: thinc's bundled BLIS vs numpy's BLAS (why pipeline/ops.py exists).

    .venv/bin/python bench/gemm.py

Shapes are those of the bundled model on a batch of ~6,000 tokens (tok2vec maxout layers,
embedding mix, parser/NER precomputed hidden layer). Prints ms and GFLOP/s per product.
"""
from __future__ import annotations

import os
import time
from functools import partial

import numpy
from thinc.api import NumpyOps

SHAPES = [(6000, 288, 288), (6000, 384, 288), (6000, 96, 3072), (6000, 384, 384)]
REPEATS = 20


def timed(fn) -> float:
    """Mean seconds of one call after a warm-up."""
    fn()
    t0 = time.perf_counter()
    for _ in range(REPEATS):
        fn()
    return (time.perf_counter() - t0) / REPEATS


def main() -> None:
    rng = numpy.random.default_rng(0)
    blis_ops, numpy_ops = NumpyOps(), NumpyOps(use_blis=False)
    print(f"{'m x k x n':>16s} {'BLIS ms':>9s} {'numpy ms':>9s} {'speed-up':>9s}")
    for m, k, n in SHAPES:
        a = rng.random((m, k), dtype=numpy.float32)
        b = rng.random((n, k), dtype=numpy.float32)
        t_blis = timed(partial(blis_ops.gemm, a, b, trans2=True))
        t_np = timed(partial(numpy_ops.gemm, a, b, trans2=True))
        print(f"{f'{m}x{k}x{n}':>16s} {t_blis * 1e3:9.2f} {t_np * 1e3:9.2f} {t_blis / t_np:8.1f}x")
    print(f"\n{os.cpu_count()} CPUs; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    print("Reproduce: .venv/bin/python bench/gemm.py")


if __name__ == "__main__":
    main()
