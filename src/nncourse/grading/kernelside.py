"""The code that runs inside the submission's kernel, after all its cells ran.

``extract`` calls one graded function on the hidden inputs (fresh copies for every
call; the runner puts them, base64-encoded, in the extraction cell's source) and
publishes what came back, as plain arrays in an npz, as display data of type ``MIME``.
No file is involved, so a submission that fills its disk still gets graded. The
runner forwards the bytes; the grader decodes and compares them in its
own process against reference answers that never enter the sandbox.
"""

from __future__ import annotations

__all__ = ["extract", "MIME"]

MIME = "application/x-nncourse-results"


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:297] + "..."


def extract(namespace: dict, name: str, inputs: str) -> None:
    """Call ``namespace[name]`` on every case in ``inputs`` (base64 npz); publish results.

    Each case's result is encoded on its own, so one unencodable or failing case does
    not hide the others.
    """
    import base64

    from IPython.display import publish_display_data

    from nncourse.grading import codec

    data = base64.b64decode(inputs)
    header, _ = codec.loads(data, limit=2**31)
    fn = namespace.get(name)
    results, arrays = [], {}
    if fn is None:
        status = "missing"
    elif not callable(fn):
        status = "not callable"
    else:
        status = "ok"
        for spec in header["cases"]:
            # Decode again for every call: a function that mutates its input cannot
            # change the next case.
            _, case_arrays = codec.loads(data, limit=2**31)
            args, kwargs = codec.decode(spec, case_arrays)
            try:
                value = fn(*args, **kwargs)
            except Exception as error:  # the student's bug: that case fails
                results.append({"error": _short(error)})
                continue
            try:
                result_spec = codec.encode(value, arrays)  # orphans of a failure are harmless
            except codec.EncodeError as error:
                results.append({"error": f"returned {error}, not numbers or arrays"})
                continue
            results.append({"value": result_spec})
    if sum(array.nbytes for array in arrays.values()) > codec.MAX_ARRAY_BYTES:
        status, results, arrays = "too large", [], {}
    payload = codec.dumps({"status": status, "results": results}, arrays)
    publish_display_data({MIME: base64.b64encode(payload).decode("ascii")})

