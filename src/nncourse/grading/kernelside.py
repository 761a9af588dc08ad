"""The code that runs inside the submission's kernel, after all its cells ran.

``extract`` calls one graded function on the hidden inputs (fresh copies for every
call; the runner puts them, base64-encoded, in the extraction cell's source) and
publishes what came back, as plain arrays in an npz, as display data of type ``MIME``.
No file is involved, so a submission that fills its disk still gets graded. The
runner forwards the bytes; the grader decodes and compares them in its
own process against reference answers that never enter the sandbox.

For each case it also reports, without any text of the student's:

* the name of the exception the function raised (never its message, which could
  carry the hidden inputs out);
* the arguments the call changed in place (compared with a second fresh copy);
* which of nncourse's own functions ran during the call (a profile hook watching
  every Python call into the package's files, except those the graded cell allows
  with ``(allow: nncourse.X)`` and whatever those call in turn). The grader's static
  look at the code (``nncourse.grading.rules``) is the part a submission cannot
  tamper with; this hook catches what static analysis cannot see.
"""

from __future__ import annotations

__all__ = ["extract", "MIME", "Guard"]

MIME = "application/x-nncourse-results"


class Guard:
    """A profile hook that records calls into nncourse's code (``used``)."""

    def __init__(self, allow: list):
        import importlib
        import os

        import nncourse

        self.package = os.path.dirname(os.path.abspath(nncourse.__file__)) + os.sep
        self.skip = (self.package + "grading" + os.sep,)
        self.allowed: set = set()
        for dotted in allow:
            obj = _resolve(importlib, dotted)
            if obj is not None:
                self._allow(obj)
        self.depth = 0
        self.used: list = []

    def _allow(self, obj) -> None:
        import inspect

        functions = []
        if inspect.isclass(obj):
            for cls in obj.__mro__:
                for value in vars(cls).values():
                    for part in (value, getattr(value, "__func__", None),
                                 getattr(value, "fget", None), getattr(value, "fset", None)):
                        if inspect.isfunction(part):
                            functions.append(part)
        elif inspect.isfunction(obj) or inspect.ismethod(obj):
            functions.append(getattr(obj, "__func__", obj))
        for function in functions:
            self._add_code(function.__code__)

    def _add_code(self, code) -> None:
        self.allowed.add(code)
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                self._add_code(const)

    def __call__(self, frame, event, arg):
        if event == "call":
            code = frame.f_code
            if code in self.allowed:
                self.depth += 1
            elif (self.depth == 0 and code.co_filename.startswith(self.package)
                  and not code.co_filename.startswith(self.skip)):
                where = frame.f_globals.get("__name__", "nncourse")
                name = f"{where}.{getattr(code, 'co_qualname', code.co_name)}"
                if name not in self.used and len(self.used) < 5:
                    self.used.append(name)
        elif event == "return" and frame.f_code in self.allowed:
            self.depth = max(0, self.depth - 1)


def _resolve(importlib, dotted: str):
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return None


def _same(a, b) -> bool:
    import numpy as np

    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:
        return True  # cannot tell: do not accuse


def _changed(fn, args, kwargs, fresh_args, fresh_kwargs) -> list:
    import inspect

    try:
        names = [p.name for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        names = []
    changed = [names[i] if i < len(names) else f"argument {i + 1}"
               for i, (a, b) in enumerate(zip(args, fresh_args)) if not _same(a, b)]
    return changed + [key for key in kwargs if not _same(kwargs[key], fresh_kwargs[key])]


def extract(namespace: dict, name: str, inputs: str, allow=()) -> None:
    """Call ``namespace[name]`` on every case in ``inputs`` (base64 npz); publish results.

    Each case's result is encoded on its own, so one unencodable or failing case does
    not hide the others.
    """
    import base64
    import sys
    import threading

    from IPython.display import publish_display_data

    from nncourse.grading import codec

    data = base64.b64decode(inputs)
    header, _ = codec.loads(data, limit=2**31)
    fn = namespace.get(name)
    results, arrays, used = [], {}, []
    if fn is None:
        status = "missing"
    elif not callable(fn):
        status = "not callable"
    else:
        status = "ok"
        guard = Guard(list(allow))
        for spec in header["cases"]:
            # Decode again for every call: a function that mutates its input cannot
            # change the next case; a second copy shows what it changed.
            _, case_arrays = codec.loads(data, limit=2**31)
            args, kwargs = codec.decode(spec, case_arrays)
            _, fresh_arrays = codec.loads(data, limit=2**31)
            fresh_args, fresh_kwargs = codec.decode(spec, fresh_arrays)
            threading.setprofile(guard)
            sys.setprofile(guard)
            try:
                value = fn(*args, **kwargs)
            except Exception as error:  # the student's bug: that case fails
                results.append({"error": type(error).__name__[:60], "kind": "raised"})
                continue
            finally:
                sys.setprofile(None)
                threading.setprofile(None)
            changed = _changed(fn, args, kwargs, fresh_args, fresh_kwargs)
            if changed:
                results.append({"error": ", ".join(changed)[:200], "kind": "mutated"})
                continue
            try:
                result_spec = codec.encode(value, arrays)  # orphans of a failure are harmless
            except codec.EncodeError:
                results.append({"error": "not numbers or arrays", "kind": "type"})
                continue
            results.append({"value": result_spec})
        used = guard.used
    if sum(array.nbytes for array in arrays.values()) > codec.MAX_ARRAY_BYTES:
        status, results, arrays = "too large", [], {}
    payload = codec.dumps({"status": status, "results": results, "uses": used}, arrays)
    publish_display_data({MIME: base64.b64encode(payload).decode("ascii")})
