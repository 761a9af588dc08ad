"""Figures the chapters draw again and again.

Every function draws on a matplotlib ``Axes`` it is given (or a new one, via
``basics._axes``) and returns it, so a chapter, a widget and a test can all call
it. matplotlib is imported inside the functions, so ``import nncourse`` stays
light. One module per chapter's figures; all are re-exported here, so a chapter
writes ``from nncourse import plots`` and ``plots.draw_line_fit(...)``.
"""

from nncourse.plots.basics import *  # noqa: F401,F403  chapter 0
from nncourse.plots.perceptron import *  # noqa: F401,F403  chapter 1
from nncourse.plots.neuron import *  # noqa: F401,F403  chapter 2
from nncourse.plots.dense import *  # noqa: F401,F403  chapter 3
from nncourse.plots.activations import *  # noqa: F401,F403  chapter 4
from nncourse.plots.losses import *  # noqa: F401,F403  chapter 5
from nncourse.plots.descent import *  # noqa: F401,F403  chapter 6
from nncourse.plots.backprop import *  # noqa: F401,F403  chapter 7
from nncourse.plots.mnist import *  # noqa: F401,F403  chapter 8
from nncourse.plots.training import *  # noqa: F401,F403  chapter 9
from nncourse.plots.cnn import *  # noqa: F401,F403  chapter 10
from nncourse.plots.rnn import *  # noqa: F401,F403  chapter 11
