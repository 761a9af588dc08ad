"""Layers: small classes with ``forward`` then ``backward``.

One module per kind of layer; import them all from here (``from nncourse.layers
import Dense``). ``core`` holds the base class ``Layer``, ``Dense``, the
activation layers, ``Dropout`` and ``BatchNorm``; ``recurrent`` holds ``RNN`` and
``LSTM`` (chapter 11).
"""

from nncourse.layers.core import (BatchNorm, Dense, Dropout, Layer, LeakyReLU, ReLU,
                                  Sigmoid, Softmax, Tanh)
from nncourse.layers.recurrent import LSTM, RNN

__all__ = [
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax",
    "Dropout", "BatchNorm",
    "RNN", "LSTM",
]
