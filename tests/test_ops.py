from thinc.api import NumpyOps, Ops, get_current_ops, use_ops

from pipeline.ops import numpy_gemm


def test_models_built_in_the_block_use_numpy_blas():
    with use_ops("numpy"):
        with numpy_gemm():
            ops = get_current_ops()
            assert type(ops) is NumpyOps and not ops.use_blis
        assert get_current_ops().use_blis  # restored after the block


def test_other_ops_are_left_alone():
    class OtherOps(Ops):
        name = "other"

    from thinc.api import set_current_ops

    before = get_current_ops()
    other = OtherOps()
    set_current_ops(other)
    try:
        with numpy_gemm():
            assert get_current_ops() is other
    finally:
        set_current_ops(before)
