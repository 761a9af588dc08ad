"""The interactive pieces of the book, and their static twins.

Each widget is a few lines of ipywidgets around a plain drawing function from
``nncourse.plots`` (which tests call directly). A live widget needs a running
kernel to redraw, so each one has a static twin, an HTML animation made by
``frames``, that works in the built page with no kernel at all.

ipywidgets and matplotlib are imported inside the functions, so that
``import nncourse`` stays light, and only the core ipywidgets API is used
(Colab ships ipywidgets 7). One module per chapter's widgets; all are
re-exported here.
"""

from nncourse.widgets.core import *  # noqa: F401,F403
from nncourse.widgets.intro import *  # noqa: F401,F403  chapter 0
from nncourse.widgets.perceptron import *  # noqa: F401,F403  chapter 1
from nncourse.widgets.neuron import *  # noqa: F401,F403  chapter 2
from nncourse.widgets.dense import *  # noqa: F401,F403  chapter 3
from nncourse.widgets.activations import *  # noqa: F401,F403  chapter 4
from nncourse.widgets.losses import *  # noqa: F401,F403  chapter 5
from nncourse.widgets.descent import *  # noqa: F401,F403  chapter 6
from nncourse.widgets.backprop import *  # noqa: F401,F403  chapter 7
from nncourse.widgets.mnist import *  # noqa: F401,F403  chapter 8
from nncourse.widgets.cnn import *  # noqa: F401,F403  chapter 10
from nncourse.widgets.rnn import *  # noqa: F401,F403  chapter 11
