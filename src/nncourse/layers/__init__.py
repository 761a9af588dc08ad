"""Layers: small classes with ``forward`` then ``backward``.

One module per kind of layer; import them all from here (``from nncourse.layers
import Dense``). ``core`` holds the base class ``Layer``, ``Dense``, the
activation layers, ``Dropout`` and ``BatchNorm``; ``conv`` holds ``Conv2D``,
``MaxPool2D`` and ``Flatten`` (chapter 10); ``recurrent`` holds ``RNN`` and ``LSTM``
(chapter 11).
"""

from nncourse.layers.core import (BatchNorm, Dense, Dropout, Layer, LeakyReLU, ReLU,
                                  Sigmoid, Softmax, Tanh)
from nncourse.layers.conv import Conv2D, Flatten, MaxPool2D
from nncourse.layers.recurrent import LSTM, RNN

__all__ = [
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax",
    "Dropout", "BatchNorm",
    "Conv2D", "MaxPool2D", "Flatten",
    "RNN", "LSTM",
]
