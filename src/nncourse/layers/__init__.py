"""Layers: small classes with ``forward`` then ``backward``.

One module per kind of layer; import them all from here (``from nncourse.layers
import Dense``). ``core`` holds the base class ``Layer``, ``Dense``, the
activation layers, ``Dropout`` and ``BatchNorm``.
"""

from nncourse.layers.core import (BatchNorm, Dense, Dropout, Layer, LeakyReLU, ReLU,
                                  Sigmoid, Softmax, Tanh)

__all__ = [
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax",
    "Dropout", "BatchNorm",
]
