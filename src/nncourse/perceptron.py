"""The perceptron and the logic gates. Introduced in chapter 1.

A perceptron outputs ``1 if x·w + b >= 0 else 0``. With hand-chosen weights it
computes AND, OR and NAND; no single perceptron computes XOR, but two layers do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nncourse._validation import as_float_array, as_rng, check_2d, check_same_length

__all__ = ["GATE_WEIGHTS", "perceptron_output", "AND", "OR", "NAND", "XOR",
           "Perceptron", "PerceptronFit"]

# (w, b) for y = 1 if x·w + b >= 0 else 0. Many other choices work too.
GATE_WEIGHTS = {
    "AND": ((0.5, 0.5), -0.7),   # both inputs needed to beat the threshold 0.7
    "OR": ((0.5, 0.5), -0.2),    # one input is enough
    "NAND": ((-0.5, -0.5), 0.7),  # AND with every sign flipped
}


def perceptron_output(x, w, b):
    """``1 if x·w + b >= 0 else 0`` for one input ``x`` (n,) or a batch (batch, n)."""
    x = as_float_array(x, who="perceptron_output")
    return (x @ np.asarray(w, dtype=np.float64) + b >= 0).astype(np.int64)


def _gate(name, x1, x2):
    w, b = GATE_WEIGHTS[name]
    out = perceptron_output(np.stack([np.asarray(x1), np.asarray(x2)], axis=-1), w, b)
    return int(out) if out.ndim == 0 else out


def AND(x1, x2):
    """1 only if both inputs are 1. Works on numbers or on arrays of 0s and 1s."""
    return _gate("AND", x1, x2)


def OR(x1, x2):
    """1 if at least one input is 1."""
    return _gate("OR", x1, x2)


def NAND(x1, x2):
    """0 only if both inputs are 1 (NOT AND)."""
    return _gate("NAND", x1, x2)


def XOR(x1, x2):
    """1 if exactly one input is 1: two layers of perceptrons, AND(NAND, OR)."""
    return AND(NAND(x1, x2), OR(x1, x2))


@dataclass
class PerceptronFit:
    """What ``Perceptron.fit`` returns: mistakes per epoch and whether it converged
    (an epoch with no mistake, after which nothing changes any more)."""

    errors: list = field(default_factory=list)
    converged: bool = False

    @property
    def epochs(self) -> int:
        return len(self.errors)


class Perceptron:
    """A single perceptron trained with the perceptron learning rule. Chapter 1.

    Args:
        n_inputs: number of inputs.
        lr: learning rate of the rule ``w ← w + lr (y - ŷ) x``, ``b ← b + lr (y - ŷ)``.
        weights, bias: starting values; by default zeros, or small random weights
            drawn from ``rng`` when ``rng`` is given.
    """

    def __init__(self, n_inputs, lr=1.0, *, weights=None, bias=0.0, rng=None):
        self.n_inputs = int(n_inputs)
        self.lr = float(lr)
        if weights is not None:
            w = np.array(weights, dtype=np.float64)
            if w.shape != (self.n_inputs,):
                raise ValueError(f"Perceptron expected weights of shape "
                                 f"({self.n_inputs},), got shape {w.shape}")
        elif rng is not None:
            w = as_rng(rng).normal(0.0, 0.01, size=self.n_inputs)
        else:
            w = np.zeros(self.n_inputs)
        self.weights, self.bias = w, float(bias)
        self.history: PerceptronFit | None = None

    @property
    def converged(self) -> bool:
        """Whether the last ``fit`` converged (False before any fit)."""
        return bool(self.history and self.history.converged)

    def _input(self, X):
        X = as_float_array(X, who="Perceptron")
        if X.ndim == 1:
            X = X.reshape(1, -1)
        check_2d(X, who="Perceptron", what=f"input of shape (batch, {self.n_inputs})")
        if X.shape[1] != self.n_inputs:
            raise ValueError(f"Perceptron expected input with {self.n_inputs} "
                             f"features, got shape {X.shape}")
        return X

    def decision_function(self, X):
        """``X·w + b``: X (batch, n_inputs) -> (batch,)."""
        return self._input(X) @ self.weights + self.bias

    def predict(self, X):
        """0/1 predictions: X (batch, n_inputs) -> (batch,) ints."""
        return (self.decision_function(X) >= 0).astype(np.int64)

    def fit(self, X, y, epochs=100) -> PerceptronFit:
        """Apply the learning rule sample by sample, for at most ``epochs`` epochs.

        Stops early after an epoch without mistakes (converged). It converges only
        if a line (plane) separates the two classes; on XOR it never does.
        """
        X = self._input(X)
        y = np.asarray(y)
        check_same_length(X, y, who="Perceptron.fit")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError(f"Perceptron.fit expected labels 0 or 1, "
                             f"got {np.unique(y).tolist()}")
        result = PerceptronFit()
        for _ in range(int(epochs)):
            mistakes = 0
            for x_i, y_i in zip(X, y):
                error = int(y_i) - int(x_i @ self.weights + self.bias >= 0)
                if error:
                    self.weights += self.lr * error * x_i
                    self.bias += self.lr * error
                    mistakes += 1
            result.errors.append(mistakes)
            if mistakes == 0:
                result.converged = True
                break
        self.history = result
        return result

    def __repr__(self):
        w = ", ".join(f"{v:.3g}" for v in self.weights)
        return f"Perceptron(w=[{w}], b={self.bias:.3g})"
