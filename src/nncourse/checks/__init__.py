"""Public checks for the exercises: ``check_<name>(fn)`` runs a few cases on the
student's function and prints what passed and what to fix.

Each chapter's checks are a module of this package, re-exported here, so an
exercise notebook writes ``from nncourse import checks`` and
``checks.check_nand_weights(nand_weights)``. They need only NumPy.
"""

from nncourse.checks.core import Case, CheckReport, run_checks  # noqa: F401
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
