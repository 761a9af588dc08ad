"""The grader's output: a table for people, ``results.json`` for Gradescope."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["table", "gradescope", "write_json"]


def _points(value: float) -> str:
    return f"{value:g}"


def _labels(results: list) -> list:
    """File names, or whole paths where two submissions share a name."""
    names = [Path(r.path).name for r in results]
    return [name if names.count(name) == 1 else r.path for name, r in zip(names, results)]


def table(results: list, sandbox_note: str) -> str:
    """A plain-text table: submission, function, points, passed, message."""
    rows = [("submission", "function", "points", "passed", "message")]
    for result, name in zip(results, _labels(results)):
        for function in result.functions:
            rows.append((name, function.name,
                         f"{_points(function.score)}/{_points(function.max_score)}",
                         "yes" if function.passed else "no", function.message))
        if not result.functions:
            rows.append((name, "-", "0/0", "no", "; ".join(result.notes) or "not graded"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4]
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * 7)
    lines.append("")
    for result, name in zip(results, _labels(results)):
        head = (f"{name}: {_points(result.score)}/"
                f"{_points(result.max_score)} points")
        if result.assignment:
            head += f" (assignment {result.assignment}, {result.seconds:.1f} s)"
        lines.append(head)
        lines.extend(f"  note: {note}" for note in result.notes)
    lines.append(sandbox_note)
    return "\n".join(lines)


def gradescope(results: list, sandbox_note: str) -> dict:
    """The Gradescope ``results.json`` shape: ``score`` and ``tests[]``."""
    tests = []
    prefix = len(results) > 1
    for result, name in zip(results, _labels(results)):
        label = f"{name}: " if prefix else ""
        notes = "\n".join(f"note: {note}" for note in result.notes)
        for function in result.functions:
            output = function.message + (f"\n{notes}" if notes else "")
            tests.append({"name": f"{label}{function.name}", "score": function.score,
                          "max_score": function.max_score, "output": output})
        if not result.functions:
            tests.append({"name": f"{label}notebook", "score": 0, "max_score": 0,
                          "output": notes or "not graded"})
    return {
        "score": sum(r.score for r in results),
        "output": sandbox_note,
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
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
