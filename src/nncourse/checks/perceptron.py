"""The public exercise checks of chapter 1, the perceptron.

Each ``check_<name>(fn)`` calls the student's function on a few cases and
returns a report: what passed, and for each failure what was expected, what
came, and a hint naming the likely mistake.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import RECORDED, Case, describe, run_checks

__all__ = ["check_perceptron_output", "check_nand_gate", "check_perceptron_update",
           "check_xor_two_layers", "check_xnor_two_layers"]

_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def pair_verdict(expected_first, expected_second, names=("w", "b")):
    """A verdict for a function that returns a pair, e.g. ``(w, b)``: it says
    which of the two is wrong, with expected and got. Used by chapters 1 and 2."""
    first_name, second_name = names
    expected_first = np.asarray(expected_first, dtype=float)

    def verdict(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return (f"expected a pair ({first_name}, {second_name}), "
                    f"got {describe(result)}")
        first, second = result
        try:
            first = np.asarray(first, dtype=float)
            second_value = np.asarray(second, dtype=float)
        except (TypeError, ValueError):
            return f"expected numbers, got {describe(result)}"
        if first.shape != expected_first.shape:
            return (f"expected {first_name} of shape {expected_first.shape}, "
                    f"got shape {first.shape}")
        if second_value.size != 1:
            return (f"expected {second_name} to be one number, "
                    f"got {describe(second)}")
        problems = []
        if not np.allclose(first, expected_first, rtol=1e-6, atol=1e-8):
            problems.append(f"{first_name}: expected {describe(expected_first)}, "
                            f"got {describe(first)}")
        if not np.allclose(second_value.item(), expected_second, rtol=1e-6,
                           atol=1e-8):
            problems.append(f"{second_name}: expected {float(expected_second):.6g}, "
                            f"got {second_value.item():.6g}")
        return "; ".join(problems) or None

    return verdict


def check_perceptron_output(fn):
    """Check ``perceptron_output(X, w, b)``: (batch, n) -> (batch,) outputs 0 or 1."""
    w, b = np.array([0.5, 0.5]), -0.7
    X3 = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [2.0, 2.0, 2.0]])
    w3, b3 = np.array([0.3, -0.6, 0.2]), 0.5
    cases = [
        Case("AND weights on the four corners", (_CORNERS, w, b),
             RECORDED,
             hint="every row's weighted sum plus the bias, compared with 0",
             formula="(X @ w + b >= 0).astype(int)"),
        Case("a weighted sum exactly 0 gives 1 (>= 0, not > 0)",
             (np.array([[1.0, 1.0]]), np.array([0.5, 0.5]), -1.0), np.array([1]),
             hint="a weighted sum of exactly 0 counts as firing",
             formula="1 if x·w + b >= 0: use >=, not >"),
        Case("three inputs, a batch of three", (X3, w3, b3), RECORDED,
             hint="the bias belongs to the sum that is compared with 0",
             formula="x·w + b, with b added after the weighted sum"),
        Case("a batch of one row keeps its batch axis",
             (np.array([[1.0, 0.0]]), w, 0.0), np.array([1]),
             hint="one answer per row, even when there is one row",
             formula="return an array of shape (batch,), not a single number"),
    ]
    return run_checks("check_perceptron_output", fn, cases)


def check_nand_gate(fn):
    """Check ``nand_gate(X)``: (batch, 2) of 0s and 1s -> (batch,) NOT (x1 AND x2)."""
    shuffled = _CORNERS[[3, 1, 0, 2, 3]]
    cases = [
        Case("the four corners 00, 01, 10, 11", (_CORNERS,), np.array([1, 1, 1, 0]),
             hint="NAND is 0 only for (1, 1): its line leaves (1, 1) alone on the 0 side",
             formula="negative weights and a positive bias, e.g. w = (-0.5, -0.5), b = 0.7"),
        Case("the corners in another order, (1, 1) twice", (shuffled,),
             np.array([0, 1, 1, 1, 0]),
             hint="compute each answer from the row's values, not from its position",
             formula="X @ w + b >= 0 for the whole batch"),
        Case("only (1, 1)", (np.array([[1.0, 1.0]]),), np.array([0]),
             hint="AND gives 1 here; NAND must give 0",
             formula="flip every sign of AND's weights and bias"),
    ]
    return run_checks("check_nand_gate", fn, cases)


def check_perceptron_update(fn):
    """Check ``perceptron_update(w, b, x, y, lr)`` -> (new w, new b), one step."""
    settings = [
        ("a correct answer changes nothing", np.array([0.5, 0.5]), -0.7,
         np.array([1.0, 1.0]), 1, 0.1,
         "a right answer changes nothing",
         "ŷ = 1 if x·w + b >= 0 else 0; when ŷ equals y, y - ŷ = 0 and w, b stay"),
        ("output 0 for target 1 moves w towards x", np.array([0.0, 0.0]), -0.5,
         np.array([1.0, 0.0]), 1, 0.1,
         "a missed 1 moves the weights towards x and raises the bias",
         "w ← w + lr (y - ŷ) x and b ← b + lr (y - ŷ), with y - ŷ = +1 here"),
        ("output 1 for target 0 moves w away from x", np.array([0.2, 0.4]), 0.1,
         np.array([1.0, 1.0]), 0, 0.5,
         "a false 1 moves the weights away from x and lowers the bias",
         "y - ŷ = -1 here: w ← w - lr x and b ← b - lr"),
        ("three inputs and lr = 1", np.array([0.0, -1.0, 2.0]), 0.0,
         np.array([1.0, 2.0, -3.0]), 1, 1.0,
         "the step is scaled by the learning rate, and the bias moves too",
         "w ← w + lr (y - ŷ) x and b ← b + lr (y - ŷ)"),
    ]
    cases = [Case(text, (w, b, x, y, lr), RECORDED, hint, formula=formula,
                  judge=lambda want: pair_verdict(*want))
             for text, w, b, x, y, lr, hint, formula in settings]
    return run_checks("check_perceptron_update", fn, cases)


def check_xor_two_layers(fn):
    """Check ``xor_two_layers(X)``: (batch, 2) of 0s and 1s -> (batch,) XOR."""
    cases = [
        Case("the four corners 00, 01, 10, 11", (_CORNERS,), np.array([0, 1, 1, 0]),
             hint="XOR is 'at least one, but not both': two hidden gates, then one that "
                  "joins them",
             formula="hidden layer: s1 = NAND(x), s2 = OR(x); output: AND(s1, s2)"),
        Case("(1, 1) gives 0", (np.array([[1.0, 1.0]]),), np.array([0]),
             hint="OR alone gives 1 here: something must turn it off",
             formula="the output is AND(NAND(x), OR(x)); NAND(1, 1) = 0"),
        Case("(0, 0) gives 0", (np.array([[0.0, 0.0]]),), np.array([0]),
             hint="NAND alone gives 1 here: something must turn it off",
             formula="the output is AND(NAND(x), OR(x)); OR(0, 0) = 0"),
    ]
    return run_checks("check_xor_two_layers", fn, cases)


def check_xnor_two_layers(fn):
    """Check ``xnor_two_layers(X)``: (batch, 2) of 0s and 1s -> (batch,) XNOR (1 when equal)."""
    cases = [
        Case("the four corners 00, 01, 10, 11", (_CORNERS,), np.array([1, 0, 0, 1]),
             hint="XNOR is 1 for 'both 1' and for 'both 0': one hidden unit for each, "
                  "then an output that fires when either does",
             formula="hidden: AND (w = (0.5, 0.5), b = -0.7) and NOR (w = (-0.5, -0.5), "
                     "b = 0.2); output: OR (w = (0.5, 0.5), b = -0.2)"),
        Case("(0, 0) gives 1", (np.array([[0.0, 0.0]]),), np.array([1]),
             hint="one hidden unit must fire only when both inputs are 0 (NOR)",
             formula="NOR: negative weights and a bias just big enough for (0, 0) alone, "
                     "e.g. w = (-0.5, -0.5), b = 0.2"),
        Case("(1, 1) gives 1", (np.array([[1.0, 1.0]]),), np.array([1]),
             hint="one hidden unit must fire only when both inputs are 1 (AND)",
             formula="AND: w = (0.5, 0.5), b = -0.7"),
        Case("(0, 1) and (1, 0) give 0", (np.array([[0.0, 1.0], [1.0, 0.0]]),),
             np.array([0, 0]),
             hint="here neither hidden unit may fire, and the output must then say 0: "
                  "is one hidden unit NAND or OR instead of NOR or AND?",
             formula="NOR(0, 1) = AND(0, 1) = 0, and OR(0, 0) = 0"),
    ]
    return run_checks("check_xnor_two_layers", fn, cases)
