"""The no-nncourse rule: a graded function that uses nncourse's own implementation
earns nothing for it, with one sentence saying why.

The static look (``rules.check_rule``, in the grader's process) is tested here on
code, the run-time guard (``kernelside.Guard``) on calls; ``test_attacks.py`` grades
whole submissions that try it.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from nncourse.grading.kernelside import Guard
from nncourse.grading.rules import check_rule

SETUP = ("import sys\n\nif \"google.colab\" in sys.modules:  # only on Colab\n"
         "    %pip install --quiet nncourse\n",
         "import numpy as np\n\nfrom nncourse import checks, job_offers\n")


def verdict(*cells, name="f", allow=()):
    return check_rule([*SETUP, *cells], {name: allow})[name]


HONEST = [
    "def f(x):\n    return np.maximum(x, 0.0)\n",
    "def helper(z):\n    return 1 / (1 + np.exp(-z))\n\ndef f(x):\n    return helper(x) * 2\n",
    "def f(x):\n    return getattr(np, 'maximum')(x, 0.0)\n",
    "class Thing:\n    def __init__(self):\n        self.k = 2\n\ndef f(x):\n"
    "    return Thing().k * x\n",
    "def f(x):\n    checks = 3\n    return x * checks\n",  # a local shadows the import
    "def f(x):\n    import math\n    return x * math.pi\n",
]

USES = {
    "direct import": ("from nncourse.activations import relu\n\ndef f(x):\n    return relu(x)\n",
                      "nncourse.activations.relu"),
    "module attribute": ("import nncourse\n\ndef f(x):\n"
                         "    return nncourse.activations.relu(x)\n", "nncourse.activations"),
    "import inside": ("def f(x):\n    from nncourse.losses import MSE\n"
                      "    return MSE().forward(x, 0 * x)\n", "nncourse.losses.MSE"),
    "through a helper": ("import nncourse.activations as act\n\ndef helper(z):\n"
                         "    return act.softmax(z)\n\ndef f(x):\n    return helper(x)\n",
                         "through `helper`"),
    "alias at top level": ("import nncourse\nmy_relu = nncourse.activations.relu\n\n"
                           "def f(x):\n    return my_relu(x)\n", "through `my_relu`"),
    "container": ("import nncourse\ntools = {}\ntools['r'] = nncourse.activations.relu\n\n"
                  "def f(x):\n    return tools['r'](x)\n", "through `tools`"),
    "rebinding the name": ("def f(x):\n    return x\n\nfrom nncourse.activations import "
                           "relu as f\n", "nncourse.activations.relu"),
    "the checks module": ("def f(x):\n    return checks.run_checks\n", "nncourse.checks"),
    "importlib": ("import importlib\n\ndef f(x):\n    m = importlib.import_module("
                  "'nncourse.activations')\n    return m.relu(x)\n", "importlib"),
    "__import__": ("def f(x):\n    return __import__('nncourse.activations', "
                   "fromlist=['relu']).relu(x)\n", "__import__"),
    "getattr with a computed name": ("def f(x, name='relu'):\n"
                                     "    return getattr(np, name)(x)\n", "getattr"),
    "getattr of a dunder": ("def f(x):\n    return getattr(f, '__globals__')\n", "getattr"),
    "sys.modules": ("import sys\n\ndef f(x):\n    return sys.modules['nncourse'].relu(x)\n",
                    "modules"),
    "frames": ("def f(x):\n    import inspect\n    return inspect.currentframe()\n", "inspect"),
    "dunder attributes": ("def f(x):\n    return f.__globals__['checks']\n", "__globals__"),
    "a class built on nncourse": ("from nncourse.layers import Dense\n\nclass Mine(Dense):\n"
                                  "    pass\n\ndef f(x):\n    return Mine(2, 2).forward(x)\n",
                                  "nncourse.layers.Dense"),
    "exec at top level": ("def f(x):\n    return x\n\nexec('def f(x): return x')\n", "exec"),
}


@pytest.mark.parametrize("source", HONEST)
def test_own_numpy_code_is_fine(source):
    assert verdict(source) is None


@pytest.mark.parametrize("how", list(USES))
def test_using_nncourse_earns_nothing_and_says_why(how):
    source, mention = USES[how]
    message = verdict(source)
    assert message is not None, how
    assert message.startswith("`f` earns no points: ") and mention in message, message
    assert message.count(". ") == 0 and message.count("\n") == 0  # one sentence


def test_the_allow_list_names_what_a_function_may_use():
    source = ("from nncourse.layers import Dense, ReLU\n\ndef f(x):\n"
              "    return Dense(2, 2).forward(x)\n\ndef g(x):\n"
              "    return ReLU().forward(x)\n\ndef h(x):\n    import nncourse.layers\n"
              "    return nncourse.layers.Dense(2, 2).forward(x)\n")
    allow = ("nncourse.layers.Dense",)
    verdicts = check_rule([*SETUP, source], {"f": allow, "g": allow, "h": allow})
    assert verdicts["f"] is None and verdicts["h"] is None
    assert "nncourse.layers.ReLU" in verdicts["g"]


def test_unparsable_cells_bind_nothing():
    assert verdict("def f(x)\n    return nncourse.x\n", "def f(x):\n    return x\n") is None


def test_the_guard_sees_calls_into_nncourse_at_run_time():
    from nncourse import activations, layers

    guard = Guard([])
    sys.setprofile(guard)
    try:
        activations.relu(np.ones(2))
    finally:
        sys.setprofile(None)
    assert guard.used and guard.used[0].startswith("nncourse.activations."), guard.used

    allowed = Guard(["nncourse.layers.Dense"])
    sys.setprofile(allowed)
    try:
        layers.Dense(2, 3, rng=np.random.default_rng(0)).forward(np.ones((1, 2)))
        np.maximum(np.ones(2), 0)
    finally:
        sys.setprofile(None)
    assert allowed.used == [], allowed.used


def test_a_spurious_ast_recursion_error_is_retried(monkeypatch):
    """CPython 3.11's "AST constructor recursion depth mismatch" (python/cpython#106905)
    once failed a grading run; the rule parses again instead of giving up."""
    import ast

    from nncourse.grading import rules

    real_parse, calls = ast.parse, []

    def flaky(source, *args, **kwargs):
        calls.append(source)
        if len(calls) == 1:
            raise SystemError("AST constructor recursion depth mismatch (before=135, after=29)")
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(rules.ast, "parse", flaky)
    assert isinstance(rules._parse("x = 1"), ast.Module) and len(calls) == 2

    def broken(source, *args, **kwargs):
        raise SystemError("something else")

    monkeypatch.setattr(rules.ast, "parse", broken)
    with pytest.raises(SystemError, match="something else"):
        rules._parse("x = 1")
