import numpy as np
import pytest

from nncourse.datasets import (circles, job_offers, logic_gate, moons, one_hot, spiral,
                               two_blobs)


@pytest.mark.parametrize("name, y", [("AND", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                     ("NAND", [1, 1, 1, 0]), ("Xor", [0, 1, 1, 0])])
def test_logic_gates(name, y):
    X, got = logic_gate(name)
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert got.dtype.kind == "i" and got.shape == (4,)
    np.testing.assert_array_equal(got, y)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])


def test_unknown_gate():
    with pytest.raises(ValueError, match="logic_gate expected one of AND, OR, NAND, XOR, "
                                         "got 'NOR'"):
        logic_gate("NOR")


def test_job_offers():
    X, y = job_offers()
    np.testing.assert_array_equal(X, [[0, 1, 1], [1, 0, 0], [0, 1, 0], [1, 0, 1]])
    np.testing.assert_array_equal(y, [1, 1, 0, 1])
    assert X.dtype == np.float64 and y.dtype.kind == "i"


@pytest.mark.parametrize("make, classes", [(two_blobs, 2), (moons, 2), (circles, 2),
                                           (spiral, 3)])
def test_toy_sets(make, classes):
    X, y = make(n=101, noise=0.1, rng=0)
    assert X.shape == (101, 2) and X.dtype == np.float64 and y.shape == (101,)
    assert sorted(set(y.tolist())) == list(range(classes))
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    X2, y2 = make(n=101, noise=0.1, rng=0)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(make(n=101, noise=0.1, rng=1)[0], X)


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"expected labels in 0..2, got labels from -1 to 1"):
        one_hot(np.array([-1, 1]), 3)
