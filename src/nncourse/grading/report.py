"""The grader's output: a table for people, ``results.json`` for Gradescope, a gradebook.

Everything here is ASCII-safe: text from submissions (file names, notes) may hold
any character, even a lone surrogate, and is escaped (``\\udc80``) rather than
allowed to stop the run. ``results.json`` is written before anything is printed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

__all__ = ["table", "gradescope", "write_json", "gradebook", "safe"]


def safe(text) -> str:
    """``text`` with every non-ASCII character escaped: printable anywhere."""
    return str(text).encode("ascii", "backslashreplace").decode("ascii")


def _points(value: float) -> str:
    return f"{value:g}"


def _labels(results: list) -> list:
    """File names, or whole paths where two submissions share a name."""
    names = [safe(Path(r.path).name) for r in results]
    return [name if names.count(name) == 1 else safe(r.path) for name, r in zip(names, results)]


def table(results: list, sandbox_note: str) -> str:
    """A plain-text table: submission, function, points, passed, message."""
    rows = [("submission", "function", "points", "passed", "message")]
    for result, name in zip(results, _labels(results)):
        for function in result.functions:
            rows.append((name, function.name,
                         f"{_points(function.score)}/{_points(function.max_score)}",
                         "yes" if function.passed else "no", safe(function.message)))
        if not result.functions:
            rows.append((name, "-", "0/0", "no", safe("; ".join(result.notes) or "not graded")))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4]
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * 7)
    lines.append("")
    for result, name in zip(results, _labels(results)):
        head = (f"{name}: {_points(result.score)}/"
                f"{_points(result.max_score)} points")
        if result.assignment:
            head += f" (assignment {result.assignment}, {result.seconds:.1f} s"
            if result.peak_memory:
                head += f", peak memory {result.peak_memory / 2**20:.0f} MiB"
            head += ")"
        lines.append(head)
        lines.extend(f"  note: {safe(note)}" for note in result.notes)
    lines.append(sandbox_note)
    return "\n".join(lines)


def gradescope(results: list, sandbox_note: str) -> dict:
    """The Gradescope ``results.json`` shape: ``score``, ``output``, ``tests[]``, ...

    Each function is a test; a submission's notes (cell errors, restarts) are one
    extra test of 0 points, not copied into every test.
    """
    tests = []
    prefix = len(results) > 1
    for result, name in zip(results, _labels(results)):
        label = f"{name}: " if prefix else ""
        notes = "\n".join(f"note: {note}" for note in result.notes)
        for function in result.functions:
            tests.append({"name": f"{label}{function.name}", "score": function.score,
                          "max_score": function.max_score, "output": function.message,
                          "visibility": "visible"})
        if notes or not result.functions:
            tests.append({"name": f"{label}notebook", "score": 0, "max_score": 0,
                          "output": notes or "not graded", "visibility": "visible"})
    return {
        "score": sum(r.score for r in results),
        "output": sandbox_note,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "execution_time": int(round(sum(r.seconds for r in results))),
        "tests": tests,
        "extra_data": {"submissions": [
            {"path": r.path, "assignment": r.assignment, "score": r.score,
             "max_score": r.max_score, "seconds": round(r.seconds, 2), "notes": r.notes}
            for r in results]},
    }


def write_json(path, data: dict) -> None:
    """Write ``data`` as JSON atomically: a temporary file beside it, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(_safe_data(data), out, indent=2, ensure_ascii=True)
            out.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_data(data):
    """``data`` with every string made ASCII (lone surrogates included)."""
    if isinstance(data, str):
        return safe(data)
    if isinstance(data, dict):
        return {safe(key): _safe_data(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_safe_data(value) for value in data]
    return data


def gradebook(results: list) -> str:
    """A CSV: one row per submission, one column per graded function, and the total.

    A cell that would start with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` so
    that a spreadsheet shows it as text instead of running it as a formula.
    """
    functions = []
    for result in results:
        for function in result.functions:
            if function.name not in functions:
                functions.append(function.name)

    def cell(value) -> str:
        text = safe(value)
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "file", "assignment", *functions, "total", "max", "notes"])
    for result in results:
        scores = {f.name: f.score for f in result.functions}
        writer.writerow([cell(Path(result.path).stem), cell(result.path),
                         cell(result.assignment or ""),
                         *[_points(scores[name]) if name in scores else "" for name in functions],
                         _points(result.score), _points(result.max_score),
                         cell("; ".join(result.notes))])
    return buffer.getvalue()
