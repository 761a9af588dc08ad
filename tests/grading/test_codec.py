"""The plain-data wire between sandbox and grader, and the comparison (no kernels)."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from nncourse.grading import codec, compare


def roundtrip(value):
    arrays = {}
    spec = codec.encode(value, arrays)
    header, loaded = codec.loads(codec.dumps({"spec": spec}, arrays))
    return codec.decode(header["spec"], loaded)


def test_values_survive_the_trip():
    value = (np.arange(6.0).reshape(2, 3), 3, 2.5, True, "relu", None,
             [np.int64(4), {"W": np.ones(2, np.float32)}])
    back = roundtrip(value)
    assert isinstance(back, tuple) and isinstance(back[6], list)
    np.testing.assert_array_equal(back[0], value[0])
    assert back[1:6] == (3, 2.5, True, "relu", None)
    assert type(back[1]) is int and type(back[2]) is float
    assert back[6][1]["W"].dtype == np.float32


def test_objects_are_refused():
    class Anything:
        def __eq__(self, other):
            return True

    for value in (Anything(), np.array([Anything()], dtype=object), {1: 2}, lambda: 0):
        with pytest.raises(codec.EncodeError):
            codec.encode(value, {})


def test_ndarray_subclass_arrives_as_plain_array():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    back = roundtrip(np.arange(3.0).view(Liar))
    assert type(back) is np.ndarray and back.tolist() == [0.0, 1.0, 2.0]


def test_pickles_and_zip_bombs_are_refused():
    buffer = io.BytesIO()
    np.savez(buffer, evil=np.array([object()], dtype=object))
    with pytest.raises(ValueError):
        codec.safe_npz(buffer.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.npy", b"\0" * (codec.MAX_ARRAY_BYTES + 1))
    assert len(bomb.getvalue()) < 2**20
    with pytest.raises(ValueError, match="too large"):
        codec.safe_npz(bomb.getvalue())


@pytest.mark.parametrize("expected, got, message", [
    (np.ones(3), np.ones(3) + 1e-9, None),
    (np.ones(3), np.ones((3, 1)), "shape (3,), got shape (3, 1)"),
    (np.ones(3), np.array([1.0, 1.0, 1.5]), "wrong values (largest difference 0.5)"),
    (1.5, np.float64(1.5), None),
    (np.array([1, 0]), np.array([True, False]), None),
    ((np.ones(2), 1.0), (np.ones(2),), "should be 2 values, got 1 values"),
    ((np.ones(2), 1.0), np.ones(2), "should be 2 values, got one value"),
    (np.ones(2), "ones", "should be a number or an array"),
    (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), None),
    (np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "nan where numbers"),
    (np.array([np.nan, 1.0]), np.array([np.nan, 2.0]), "largest difference 1"),
    ("relu", np.array("relu"), None),
    (None, 0, "should be None"),
])
def test_compare(expected, got, message):
    problem = compare(expected, got)
    if message is None:
        assert problem is None
    else:
        assert problem is not None and message in problem, problem
