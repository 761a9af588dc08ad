"""The interactive pieces of the book.

Each widget is a few lines of ipywidgets around a plain drawing function from
``nncourse.plots`` (which tests call directly), built by ``stored_figure``: a
picture is drawn and stored for every position of its sliders when the notebook
runs, and the browser switches between them, so the sliders work in the built
book with no kernel; with a kernel the widget also redraws live.

ipywidgets and matplotlib are imported inside the functions, so that
``import nncourse`` stays light, and only the core ipywidgets API is used
(Colab ships ipywidgets 7, where a ``Tab`` stands in for ``Stack``). One module
per chapter's widgets; all are re-exported here.
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
from nncourse.widgets.training import *  # noqa: F401,F403  chapter 9
from nncourse.widgets.cnn import *  # noqa: F401,F403  chapter 10
from nncourse.widgets.rnn import *  # noqa: F401,F403  chapter 11
