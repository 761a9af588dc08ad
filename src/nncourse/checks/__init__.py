"""Public checks for the exercises: ``check_<name>(fn)`` runs a few cases on the
student's function and prints what passed and what to fix.

Each chapter's checks are a module of this package, re-exported here, so an
exercise notebook writes ``from nncourse import checks`` and
``checks.check_nand_weights(nand_weights)``. They need only NumPy.

A chapter's check module holds inputs and hints, never an implementation of a graded
function::

    import numpy as np

    from nncourse.checks.core import RECORDED, Case, parts_verdict, run_checks

    __all__ = ["check_train_step"]

    def check_train_step(fn):
        \"\"\"Check ``train_step(X, y, w, b, lr) -> (w, b)``. Chapter 2.\"\"\"
        X = np.array([[0.0, 1.0], [1.0, 0.0]])
        cases = [
            Case("two examples, lr = 0.1", (X, np.array([1.0, 0.0]), np.zeros(2), 0.0, 0.1),
                 RECORDED, "step against the gradient",
                 judge=lambda want: parts_verdict(("w", "b"), want)),
            Case("lr = 0 changes nothing", (X, np.ones(2), np.ones(2), 0.5, 0.0),
                 (np.ones(2), 0.5), "multiply the gradient by lr"),
        ]
        return run_checks("check_train_step", fn, cases)

``RECORDED`` answers are filled in by ``make exercises``, which runs the solutions
notebook (whose check cell calls ``checks.check_train_step(train_step)``) and writes
``checks/expected/NN-name.json``; commit that file. Case descriptions are the keys:
keep them unique within a check. ``judge`` turns the recorded answer into a verdict,
``dtype=True`` requires its dtype, ``mutates=True`` allows an in-place task,
``error_hint`` replaces the hint shown when the function raises, and ``formula`` is
the second step of a hint: ``hint`` gives the idea, ``formula`` the concrete formula,
shown from the second failed run on or by ``checks.formula_hint()``. A check whose
function calls another graded function with a failing check says to fix that first.
"""

from nncourse.checks.core import Case, CheckReport, formula_hint, run_checks  # noqa: F401
from nncourse.checks.perceptron import *  # noqa: F401,F403  chapter 1
from nncourse.checks.neuron import *  # noqa: F401,F403  chapter 2
from nncourse.checks.dense import *  # noqa: F401,F403  chapter 3
from nncourse.checks.activations import *  # noqa: F401,F403  chapter 4
from nncourse.checks.losses import *  # noqa: F401,F403  chapter 5
from nncourse.checks.descent import *  # noqa: F401,F403  chapter 6
from nncourse.checks.backprop import *  # noqa: F401,F403  chapter 7
from nncourse.checks.mnist import *  # noqa: F401,F403  chapter 8
from nncourse.checks.cnn import *  # noqa: F401,F403  chapter 10
from nncourse.checks.rnn import *  # noqa: F401,F403  chapter 11
from nncourse.checks.frameworks import *  # noqa: F401,F403  chapter 12
