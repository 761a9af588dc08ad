"""Does a graded function use nncourse's own implementation? A static look, grader side.

The exercises ask students to write each graded function with NumPy. This module reads
a submission's code cells (as text, in the grader's own process, so nothing in the
submission can change the answer) and, for each graded function, follows what it can
reach: its own body, the notebook's functions and classes it calls (helpers), and the
top-level assignments and imports behind every global name it reads. It reports:

* a name bound to nncourse code (``import nncourse``, ``from nncourse.x import y``, an
  alias or a container filled with it), unless the graded cell allows it with
  ``# GRADED: name (allow: nncourse.layers.Dense)``;
* dynamic access it cannot follow: ``__import__``, ``importlib``, ``eval``, ``exec``,
  ``compile``, ``globals()``, ``vars()``, ``getattr`` with a computed or dunder name,
  ``sys``/``builtins``/``gc``/``inspect``/``ctypes`` and the like, frame and dunder
  attributes (``__dict__``, ``__globals__``, ``f_globals`` ...);
* top-level code that could rebind a graded name at run time (``exec``, ``globals()``
  and the like outside any function).

The verdict is one sentence per function. The kernel-side guard
(``kernelside.Guard``) watches the same rule at run time.
"""

from __future__ import annotations

import ast
import builtins
import importlib

from nncourse.exercises import python_source

__all__ = ["check_rule"]

DYNAMIC_NAMES = {"__import__", "eval", "exec", "compile", "globals", "vars", "locals",
                 "setattr", "delattr", "get_ipython", "breakpoint", "__builtins__",
                 "__loader__", "__spec__"}
DYNAMIC_MODULES = {"importlib", "builtins", "sys", "gc", "inspect", "ctypes", "types",
                   "pickle", "marshal", "runpy", "imp", "pkgutil", "zipimport", "code",
                   "codeop", "threading", "multiprocessing", "concurrent", "subprocess",
                   "IPython", "ipykernel", "__main__", "dill", "cloudpickle"}
SAFE_DUNDERS = {"__init__", "__name__", "__doc__", "__len__", "__call__", "__repr__",
                "__str__", "__iter__", "__next__", "__getitem__", "__setitem__"}
FRAME_ATTRIBUTES = {"f_globals", "f_locals", "f_back", "f_builtins", "f_code", "gi_frame",
                    "cr_frame", "ag_frame", "tb_frame", "tb_next", "_getframe", "modules",
                    "func_globals", "gi_code"}
TOP_LEVEL_DYNAMIC = {"exec", "eval", "compile", "__import__", "globals", "vars", "setattr",
                     "get_ipython"}


def _parse(source: str) -> ast.Module:
    """``ast.parse``, tried once more when CPython 3.11 raises its spurious "AST
    constructor recursion depth mismatch" (python/cpython#106905), which the grader
    met while other threads were running submissions."""
    try:
        return ast.parse(source)
    except SystemError as error:
        if "recursion depth mismatch" not in str(error):
            raise
        return ast.parse(source)


def _chain(node):
    """``(root name, [attributes])`` of ``a.b.c``, or None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, parts[::-1]
    return None


def _resolve(dotted: str):
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


class _Notebook:
    """The top-level bindings of a notebook's code cells."""

    def __init__(self, cells: list):
        self.bindings: dict = {}  # name -> [(kind, node or origin, cell)]
        self.star = []  # cells with `from nncourse... import *`
        self.top_dynamic = []  # (what, cell)
        for number, source in enumerate(cells, start=1):
            try:
                tree = _parse(python_source(source))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue  # a cell that does not parse binds nothing
            self._statements(tree.body, number)

    def _bind(self, name, kind, what, cell):
        self.bindings.setdefault(name, []).append((kind, what, cell))

    def _target(self, target, value, cell):
        if isinstance(target, ast.Name):
            self._bind(target.id, "value", value, cell)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for item in target.elts:
                self._target(item, value, cell)
        elif isinstance(target, ast.Starred):
            self._target(target.value, value, cell)
        else:  # x.attr = v, x[k] = v: x now holds v
            root = _chain(target.value if isinstance(target, ast.Subscript) else target)
            if root is None and isinstance(target, ast.Subscript):
                root = _chain(target.value)
            if root:
                self._bind(root[0], "value", value, cell)

    def _statements(self, body, cell):
        for node in body:
            self._statement(node, cell)

    def _statement(self, node, cell):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._bind(node.name, "def", node, cell)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                origin = alias.name if alias.asname else alias.name.split(".")[0]
                self._bind(bound, "import", origin, cell)
            return
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name == "*":
                    self.star.append((module, cell))
                else:
                    self._bind(alias.asname or alias.name, "import", f"{module}.{alias.name}",
                               cell)
            return
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._target(target, node.value, cell)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._target(node.target, node.value, cell)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._target(node.target, node.iter, cell)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self._target(item.optional_vars, item.context_expr, cell)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            root = _chain(node.value.func.value) if isinstance(node.value.func,
                                                              ast.Attribute) else None
            if root and (node.value.args or node.value.keywords):
                self._bind(root[0], "value", node.value, cell)  # x.update(...), x.append(...)
        for child in ast.walk(node):  # dynamic code at the top level, outside functions
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) \
                    and child.func.id in TOP_LEVEL_DYNAMIC:
                self.top_dynamic.append((child.func.id, cell))
            if isinstance(child, ast.Name) and child.id == "importlib":
                self.top_dynamic.append(("importlib", cell))
        for field in ("body", "orelse", "finalbody"):
            self._statements(getattr(node, field, []) or [], cell)
        for handler in getattr(node, "handlers", []) or []:
            self._statements(handler.body, cell)


class _Analysis:
    def __init__(self, notebook: _Notebook, allow: tuple):
        self.notebook = notebook
        self.allowed = {id(obj) for obj in map(_resolve, allow) if obj is not None}
        self.seen: set = set()
        self.local_imports: dict = {}  # name -> origin, from imports inside functions

    def _allowed(self, dotted: str) -> bool:
        parts = dotted.split(".")
        return any(id(_resolve(".".join(parts[:cut]))) in self.allowed
                   for cut in range(len(parts), 1, -1)
                   if _resolve(".".join(parts[:cut])) is not None)

    def _origin_problem(self, origin: str, attributes: list, via: str) -> str | None:
        top = origin.lstrip(".").split(".")[0]
        if top == "nncourse":
            dotted = ".".join([origin, *attributes])
            if self._allowed(dotted):
                return None
            return f"uses nncourse's own `{dotted}`{via}"
        if top in DYNAMIC_MODULES:
            return f"uses `{top}`{via}, which the grader cannot follow"
        return None

    def name(self, name: str, attributes: list, via: str, top: bool = False) -> str | None:
        """What is wrong with reading the global ``name`` (then ``.attributes``)."""
        if name in DYNAMIC_NAMES:
            return f"uses `{name}`{via}, which the grader cannot follow"
        if name in self.local_imports:
            return self._origin_problem(self.local_imports[name], attributes, via)
        bindings = self.notebook.bindings.get(name)
        if not bindings:
            if self.notebook.star and not hasattr(builtins, name):
                module, cell = self.notebook.star[0]
                if module.startswith("nncourse"):
                    return f"uses `{name}` from `from {module} import *` (cell {cell}){via}"
            return None
        for kind, what, cell in bindings:
            if kind == "import":
                problem = self._origin_problem(what, attributes, via)
            else:
                key = (name, cell, id(what))
                if key in self.seen:
                    continue
                self.seen.add(key)
                problem = self.node(what, via if (via or top) else
                                    f" (through `{name}`, cell {cell})")
            if problem:
                return problem
        return None

    def node(self, node, via: str) -> str | None:
        local = _locals(node)
        for child in ast.walk(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    if isinstance(child, ast.Import):
                        bound = alias.asname or alias.name.split(".")[0]
                        origin = alias.name if alias.asname else alias.name.split(".")[0]
                    else:
                        bound = alias.asname or alias.name
                        origin = f"{'.' * child.level}{child.module or ''}.{alias.name}"
                    top = origin.lstrip(".").split(".")[0]
                    if top in DYNAMIC_MODULES:
                        return self._origin_problem(origin, [], via)
                    if top == "nncourse":  # judged where the name is used
                        self.local_imports[bound] = origin
            elif isinstance(child, ast.Attribute):
                attr = child.attr
                if (attr.startswith("__") and attr.endswith("__") and attr not in SAFE_DUNDERS) \
                        or attr in FRAME_ATTRIBUTES:
                    return f"reads `.{attr}`{via}, which the grader cannot follow"
            elif isinstance(child, ast.Call) and isinstance(child.func, ast.Name) \
                    and child.func.id in ("getattr", "hasattr") and child.func.id not in local:
                key = child.args[1] if len(child.args) > 1 else None
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)
                        and not key.value.startswith("__")):
                    return f"uses `{child.func.id}` with a computed name{via}"
        # Global names, with the attributes that follow them (for the allow-list).
        for child, attributes in _loads(node):
            if child.id in local and child.id not in self.local_imports:
                continue
            problem = self.name(child.id, attributes, via)
            if problem:
                return problem
        return None


def _locals(node) -> set:
    """Names bound inside a function (or lambda/class) node: arguments and stores."""
    names = set()
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                             ast.ClassDef)):
        return names
    declared_global = set()
    for child in ast.walk(node):
        if isinstance(child, ast.arg):
            names.add(child.arg)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
            names.add(child.id)
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and child is not node:
            names.add(child.name)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name.split(".")[0]) for a in child.names)
        elif isinstance(child, (ast.Global, ast.Nonlocal)):
            declared_global.update(child.names)
    return names - declared_global


def _loads(node):
    """``(Name node, [attributes after it])`` for every name read in ``node``."""
    parents = {}
    for parent in ast.walk(node):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            attributes, up = [], parents.get(child)
            while isinstance(up, ast.Attribute):
                attributes.append(up.attr)
                up = parents.get(up)
            yield child, attributes


def check_rule(cells: list, graded: dict) -> dict:
    """``{name: None or one sentence}``: which graded functions break the rule.

    Args:
        cells: the submission's code cells, as text, in order.
        graded: ``{name: allow}``, the allowed package names of each graded function.
    """
    try:
        notebook = _Notebook(cells)
    except RecursionError:
        return {name: f"`{name}` earns no points: the notebook's code is nested too deeply "
                      f"to be checked" for name in graded}
    verdicts = {}
    for name, allow in graded.items():
        if notebook.top_dynamic:
            what, cell = notebook.top_dynamic[0]
            verdicts[name] = (f"`{name}` earns no points: cell {cell} uses `{what}` outside "
                              f"any function, so the grader cannot tell which code `{name}` "
                              f"runs; remove it")
            continue
        analysis = _Analysis(notebook, tuple(allow))
        try:
            problem = analysis.name(name, [], "", top=True)
        except RecursionError:
            problem = "is nested too deeply to be checked"
        verdicts[name] = None if problem is None else (
            f"`{name}` earns no points: it {problem}; write it yourself with NumPy")
    return verdicts
