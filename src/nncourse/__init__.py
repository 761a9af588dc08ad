"""nncourse: the NumPy core of the book.

``import nncourse`` is light: it loads NumPy and the core below, never
matplotlib.pyplot, ipywidgets or torch (``nncourse.plots`` and ``nncourse.widgets``
import those when you use them).
"""

__version__ = "0.1.0"

from nncourse import activations, datasets, gradcheck, losses, optim
from nncourse.datasets import job_offers, logic_gate, one_hot
from nncourse.gradcheck import check_layer, check_model, numerical_gradient, relative_error
from nncourse.layers import (BatchNorm, Dense, Dropout, Layer, LeakyReLU, ReLU, Sigmoid,
                             Softmax, Tanh)
from nncourse.layers import Conv2D, Flatten, MaxPool2D
from nncourse.layers import LSTM, RNN
from nncourse.losses import MSE, BinaryCrossEntropy, SoftmaxCrossEntropy
from nncourse.model import History, Sequential, TrainingDivergedError
from nncourse.optim import SGD, Adam
from nncourse.optim import clip_grad_norm
from nncourse.optim import AdaGrad, AdamW, RMSProp
from nncourse.callbacks import EarlyStopping
from nncourse.perceptron import Perceptron

__all__ = [
    "__version__",
    "activations", "datasets", "gradcheck", "losses", "optim",
    "Layer", "Dense", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax", "Dropout",
    "BatchNorm",
    "Conv2D", "MaxPool2D", "Flatten",
    "RNN", "LSTM",
    "MSE", "BinaryCrossEntropy", "SoftmaxCrossEntropy",
    "SGD", "Adam",
    "clip_grad_norm",
    "AdaGrad", "RMSProp", "AdamW", "EarlyStopping",
    "Sequential", "History", "TrainingDivergedError",
    "numerical_gradient", "relative_error", "check_layer", "check_model",
    "Perceptron", "logic_gate", "job_offers", "one_hot",
]

_LAZY_MODULES = {"plots", "widgets", "checks", "grading", "layers", "model", "perceptron"}


def __getattr__(name):
    """Load ``nncourse.plots`` and the other heavy modules only when first used."""
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"nncourse.{name}")
    raise AttributeError(f"module 'nncourse' has no attribute {name!r}")
