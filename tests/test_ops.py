import numpy
import pytest
from thinc.api import NumpyOps, Ops, get_current_ops, set_current_ops

from pipeline.ops import use_numpy_gemm


@pytest.fixture
def restore_ops():
    before = get_current_ops()
    yield
    set_current_ops(before)


def test_numpy_gemm_replaces_blis_ops(restore_ops):
    set_current_ops(NumpyOps())
    use_numpy_gemm()
    ops = get_current_ops()
    assert type(ops) is NumpyOps and not ops.use_blis


def test_numpy_gemm_same_product_as_blis(restore_ops):
    rng = numpy.random.default_rng(1)
    a = rng.random((7, 5), dtype=numpy.float32)
    b = rng.random((3, 5), dtype=numpy.float32)
    expected = NumpyOps().gemm(a, b, trans2=True)
    numpy.testing.assert_allclose(NumpyOps(use_blis=False).gemm(a, b, trans2=True), expected, rtol=1e-5)


def test_other_ops_are_left_alone(restore_ops):
    class OtherOps(Ops):
        name = "other"

    other = OtherOps()
    set_current_ops(other)
    use_numpy_gemm()
    assert get_current_ops() is other
