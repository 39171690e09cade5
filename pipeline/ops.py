"""CPU backend for thinc: matrix products through numpy's BLAS."""
from __future__ import annotations

import logging

from thinc.api import NumpyOps, get_current_ops, set_current_ops

log = logging.getLogger(__name__)


def use_numpy_gemm() -> None:
    """Make thinc's CPU ops multiply matrices with numpy (OpenBLAS) instead of its bundled BLIS."""
    # bench/gemm.py: OpenBLAS sgemm is ~3x faster than thinc's BLIS on the project's machines and
    # the pipelines' outputs are identical; models take the current ops when they are built, so
    # this must run before spacy.load. GPU ops (CupyOps) are left alone.
    ops = get_current_ops()
    if type(ops) is NumpyOps and ops.use_blis:
        set_current_ops(NumpyOps(use_blis=False))
        log.debug("thinc ops: NumpyOps(use_blis=False)")
