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
    (np.ones(3), np.ones((3, 1)), "wrong shape"),
    (np.ones(3), np.array([1.0, 1.0, 1.5]), "wrong values"),
    (1.5, np.float64(1.5), None),
    (np.array([1, 0]), np.array([True, False]), None),
    ((np.ones(2), 1.0), (np.ones(2),), "wrong number of values"),
    ((np.ones(2), 1.0), np.ones(2), "wrong number of values"),
    (np.ones(2), "ones", "wrong type"),
    (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), None),
    (np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "wrong values"),
    (np.array([2.0, 1.0]), np.array([np.inf, 1.0]), "not finite"),
    (np.array([np.nan, 1.0]), np.array([np.nan, 2.0]), "wrong values"),
    ("relu", np.array("relu"), None),
    (None, 0, "wrong type"),
])
def test_compare(expected, got, message):
    """Kinds of failure only: no number of the expected answer ever shows."""
    problem = compare(expected, got)
    if message is None:
        assert problem is None
    else:
        assert problem == message, problem


@pytest.mark.parametrize("expected, got, ok", [
    (np.ones(2, np.float32), np.ones(2, np.float64), False),
    (np.ones(2, np.float32), np.ones(2, np.float32), True),
    (np.int64(3), 3, True),
    (np.int64(3), np.int32(3), True),
    (np.int64(3), 3.0, False),
    (np.zeros((2, 2), np.int64), np.zeros((2, 2)), False),
])
def test_compare_dtype_where_the_task_fixes_it(expected, got, ok):
    assert (compare(expected, got, dtype=True) is None) is ok
    assert compare(expected, got) is None  # without the flag the values decide
