"""CPU backend for thinc: matrix products through numpy's BLAS."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from thinc.api import NumpyOps, get_current_ops, use_ops


@contextmanager
def numpy_gemm() -> Iterator[None]:
    """Models built in this block multiply matrices with numpy (OpenBLAS), not thinc's BLIS."""
    # bench/gemm.py: OpenBLAS sgemm is ~3x faster than thinc's bundled BLIS on the project's
    # machines. A model keeps the ops current when it is built, so spacy.load runs inside the
    # block; the parser's and NER's step loop calls BLIS directly and is not affected. GPU ops
    # (CupyOps) are left alone.
    ops = get_current_ops()
    if type(ops) is NumpyOps and ops.use_blis:  # type: ignore[attr-defined]  # thinc's Ops stub omits use_blis
        with use_ops("numpy", use_blis=False):
            yield
    else:
        yield
