"""Plain data across the sandbox wall: values <-> npz bytes, never pickles.

A value (a function's inputs or its result) is flattened into a JSON *spec* and a set
of arrays; both go in one ``.npz`` (the spec as a unicode array under ``__spec__``).
Reading uses ``np.load(..., allow_pickle=False)`` after checking the archive's declared
sizes, so a hostile file can neither run code nor exhaust memory. Anything that is not
numbers, strings, None, or tuples/lists/dicts of those cannot be encoded: an object
whose ``__eq__`` always says True arrives as an error, not as a value.

This module runs on both sides: in the grader, and imported in the submission's kernel
to send results back. A submission may patch it in its own kernel; that only changes
the values it reports for itself (see ``nncourse.grading`` for why that gains nothing).
"""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np

__all__ = ["EncodeError", "encode", "decode", "dumps", "loads", "safe_npz"]

MAX_ARRAY_BYTES = 64 * 2**20  # one result's arrays, in total
MAX_DEPTH = 8
MAX_ITEMS = 1000


class EncodeError(TypeError):
    """The value is not plain data (numbers, strings, arrays, tuples/lists/dicts)."""


def encode(value, arrays: dict, depth: int = 0):
    """The JSON spec of ``value``; arrays go into ``arrays`` under fresh keys."""
    if depth > MAX_DEPTH:
        raise EncodeError("nested too deeply")
    if value is None:
        return {"t": "none"}
    if isinstance(value, str):
        return {"t": "str", "v": str(value)}
    if isinstance(value, (bool, int, float, complex)) and type(value) in (bool, int, float,
                                                                          complex):
        key = f"a{len(arrays)}"
        arrays[key] = np.asarray(value)
        return {"t": "py", "py": type(value).__name__, "k": key}
    if isinstance(value, (tuple, list)):
        if len(value) > MAX_ITEMS:
            raise EncodeError(f"a {type(value).__name__} of {len(value)} items")
        return {"t": "tuple" if isinstance(value, tuple) else "list",
                "items": [encode(item, arrays, depth + 1) for item in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value) or len(value) > MAX_ITEMS:
            raise EncodeError("a dict whose keys are not all strings")
        return {"t": "dict", "items": {k: encode(v, arrays, depth + 1) for k, v in value.items()}}
    if isinstance(value, (np.ndarray, np.generic)):
        # A plain copy: an ndarray subclass loses its class and keeps only its numbers.
        array = np.array(value, copy=True, subok=False)
        if array.dtype.kind not in "biufcUS" or array.dtype.fields is not None:
            raise EncodeError(f"an array of dtype {array.dtype}")
        key = f"a{len(arrays)}"
        arrays[key] = array
        return {"t": "array", "k": key}
    raise EncodeError(f"an object of type {type(value).__name__}")


def decode(spec, arrays):
    """The value described by ``spec`` (arrays looked up in ``arrays``)."""
    kind = spec["t"]
    if kind == "none":
        return None
    if kind == "str":
        return str(spec["v"])
    if kind == "py":
        value = arrays[spec["k"]][()]
        return {"bool": bool, "int": int, "float": float, "complex": complex}[spec["py"]](value)
    if kind in ("tuple", "list"):
        items = [decode(item, arrays) for item in spec["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {k: decode(v, arrays) for k, v in spec["items"].items()}
    if kind == "array":
        return arrays[spec["k"]]
    raise ValueError(f"unknown spec type {kind!r}")


def dumps(header: dict, arrays: dict | None = None) -> bytes:
    """One ``.npz`` holding a JSON header and arrays (no pickles)."""
    buffer = io.BytesIO()
    payload = {"__spec__": np.array(json.dumps(header))}
    payload.update(arrays or {})
    np.savez(buffer, allow_pickle=False, **payload)
    return buffer.getvalue()


def safe_npz(data: bytes, limit: int = MAX_ARRAY_BYTES) -> dict:
    """Load an ``.npz`` from bytes into a dict of arrays, refusing pickles and bombs."""
    if len(data) > limit + 2**20:
        raise ValueError(f"result file of {len(data)} bytes is too large")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limit:
            raise ValueError(f"results of {declared} bytes are too large")
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def loads(data: bytes, limit: int = MAX_ARRAY_BYTES):
    """``(header, arrays)`` from bytes written by ``dumps``."""
    arrays = safe_npz(data, limit)
    header = json.loads(str(arrays.pop("__spec__")[()]))
    return header, arrays
