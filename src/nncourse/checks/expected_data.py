"""Expected values of the public checks, stored as data (no reference functions).

A case whose ``expected`` is ``RECORDED`` gets its right answer from a JSON file in
``nncourse/checks/expected/``, one per assignment (``02-neuron.json``), written by
``make exercises``: it runs each solutions notebook's code (never its hidden tests)
with recording switched on, and every ``run_checks`` call then stores what the
solution returned for each recorded case. The package that students install thus
carries numbers, not an implementation that could answer other inputs.

File format::

    {"assignment": "02-neuron",
     "checks": {"check_neuron_forward": [{"case": "description", "value": ...}, ...]}}

where ``value`` is ``null`` for a case whose expectation is written in the check
module itself, and otherwise the encoded answer (``encode``/``decode`` below: JSON
numbers, strings, ``{"array": nested lists, "dtype": ..., "shape": ...}``,
(the numbers as one space-separated string), ``{"tuple": [...]}``, ``{"list": [...]}``, ``{"dict": {...}}``, ``{"scalar": x,
"dtype": ...}``). Python floats and float32 values survive the round trip exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["EXPECTED_DIR", "encode", "decode", "lookup", "Recorder", "RECORDING"]

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"

_STORE: dict | None = None
RECORDING: list = []  # a Recorder while make exercises records, else empty


def encode(value):
    """``value`` as JSON-ready data; TypeError for anything but plain numbers/arrays."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value) in (int, float):
        return value if np.isfinite(value) else {"scalar": repr(float(value)),
                                                   "dtype": "pyfloat"}
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return {"list": [encode(item) for item in value]}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("a dict with keys that are not strings")
        return {"dict": {key: encode(item) for key, item in value.items()}}
    if isinstance(value, np.generic):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"a NumPy scalar of dtype {value.dtype}")
        return {"scalar": repr(value.item()), "dtype": str(value.dtype)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"an array of dtype {value.dtype}")
        flat = " ".join(repr(x) for x in value.ravel().tolist())
        return {"array": flat, "dtype": str(value.dtype), "shape": list(value.shape)}
    raise TypeError(f"cannot store a {type(value).__name__} as an expected value")


def _number(text: str):
    return float(text) if any(c in text for c in ".eEni") else int(text)


def decode(data):
    """The value ``encode`` stored."""
    if not isinstance(data, dict):
        return data
    if "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if "list" in data:
        return [decode(item) for item in data["list"]]
    if "dict" in data:
        return {key: decode(item) for key, item in data["dict"].items()}
    if "scalar" in data:
        if data["dtype"] == "pyfloat":
            return float(data["scalar"])
        return np.dtype(data["dtype"]).type(_number(data["scalar"]) if data["dtype"] != "bool"
                                            else data["scalar"] == "True")
    if "array" in data:
        dtype = np.dtype(data["dtype"])
        items = [(x == "True") if dtype.kind == "b" else _number(x)
                 for x in data["array"].split()]
        return np.array(items, dtype=dtype).reshape(data["shape"])
    raise ValueError(f"not an encoded expected value: {sorted(data)}")


def _store() -> dict:
    """``{check name: [records of one file, ...]}`` from every file, read once."""
    global _STORE
    if _STORE is None:
        _STORE = {}
        for path in sorted(EXPECTED_DIR.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for name, records in data.get("checks", {}).items():
                _STORE.setdefault(name, []).append(records)
    return _STORE


def lookup(check: str, descriptions: list) -> list | None:
    """The recorded values of ``check`` (one per case), or None when none match.

    A check's records match when their case descriptions are the check's own, in
    order, so an edited check never reads stale numbers.
    """
    for records in _store().get(check, []):
        if [r["case"] for r in records] == list(descriptions):
            return [decode(r["value"]) if r["value"] is not None else None for r in records]
    return None


class Recorder:
    """Collects ``{check name: records}`` while a solutions notebook runs."""

    def __init__(self):
        self.checks: dict = {}

    def __enter__(self):
        RECORDING.append(self)
        return self

    def __exit__(self, *exc):
        RECORDING.remove(self)
        return False

    def record(self, check: str, records: list) -> None:
        if check in self.checks and self.checks[check] != records:
            raise ValueError(f"{check} was called twice with different results")
        self.checks[check] = records
