"""The public exercise checks of chapter 9, training networks well.

Each check calls the student's function on a few small, fixed cases and compares the
result with numbers written down here (computed once and pasted: there is no
reference implementation in this module), and says what to look at when it differs.
"""

from __future__ import annotations

import numpy as np

from nncourse.checks.core import Case, describe, parts_verdict, run_checks

__all__ = ["check_rmsprop_step", "check_l2_penalty", "check_warmup_cosine",
           "check_batchnorm_backward", "check_early_stopping"]

_A = np.array


_RMSPROP = ("s_new = rho * s + (1 - rho) * grad**2, then "
            "w_new = w - lr * grad / (np.sqrt(s_new) + eps)")


def check_rmsprop_step(fn):
    """Check ``rmsprop_step(w, grad, s, lr, rho, eps) -> (w_new, s_new)``. Chapter 9."""
    names = ("w_new", "s_new")
    hints = ("divide the gradient by the square root of the new average s_new "
             "(plus eps), then step against it",
             "s_new is a moving average: rho times the old s plus (1 - rho) times "
             "the squared gradient")
    cases = [
        Case("first step from s = 0, lr = 0.01, rho = 0.9",
             args=(_A([1.0, -2.0]), _A([0.5, -1.0]), _A([0.0, 0.0]), 0.01, 0.9, 1e-8),
             expected=parts_verdict(names, (_A([0.968377225398, -1.968377224398]),
                                            _A([0.025, 0.1])), hints),
             hint="the average of g² is updated before it is used to scale the step",
             formula=_RMSPROP),
        Case("a 2x2 weight with some history, lr = 0.001",
             args=(_A([[0.5, 1.0], [-1.0, 2.0]]), _A([[0.2, -0.4], [0.0, 1.0]]),
                   _A([[0.1, 0.2], [0.05, 0.5]]), 0.001, 0.9, 1e-8),
             expected=parts_verdict(names, (_A([[0.499347671948, 1.000903507882],
                                                 [-1.0, 1.998651600293]]),
                                            _A([[0.094, 0.196], [0.045, 0.55]])), hints),
             hint="every entry has its own s: the operations are element-wise",
             formula=_RMSPROP),
        Case("a large and a tiny gradient, rho = 0.5: steps of similar size",
             args=(_A([1.0, 1.0]), _A([3.0, 0.03]), _A([4.0, 0.0009]), 0.1, 0.5, 1e-8),
             expected=parts_verdict(names, (_A([0.882330319379, 0.900000033333]),
                                            _A([6.5, 0.0009])), hints),
             hint="the square root matters: g / sqrt(s) has the units of 1, so a tiny "
                  "gradient gets a step as large as a big one", formula=_RMSPROP),
    ]
    return run_checks("check_rmsprop_step", fn, cases)


def _penalty(expected_penalty, expected_grads):
    """A verdict for ``(penalty, grads)``."""
    def verdict(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (penalty, grads), got {describe(result)}"
        penalty, grads = result
        try:
            penalty = float(penalty)
        except (TypeError, ValueError):
            return f"penalty: expected a number, got {describe(penalty)}"
        if not np.isclose(penalty, expected_penalty, rtol=1e-9, atol=1e-12):
            return (f"penalty: expected {expected_penalty:g}, got {penalty:.6g}. Hint: "
                    f"half of weight_decay times the sum of the squares of every "
                    f"entry of every weight matrix; the ½ makes the gradient "
                    f"exactly weight_decay · W")
        if not isinstance(grads, (tuple, list)) or len(grads) != len(expected_grads):
            return (f"grads: expected a list of {len(expected_grads)} arrays, got "
                    f"{describe(grads)}")
        for k, (want, got) in enumerate(zip(expected_grads, grads)):
            got = np.asarray(got, dtype=float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=1e-9,
                                                          atol=1e-12):
                return (f"grads[{k}]: expected {describe(want)}, got {describe(got)}. "
                        f"Hint: the derivative of the penalty with respect to each "
                        f"weight, one array per matrix, of the same shape")
        return None
    return verdict


_L2 = ("penalty = 0.5 * weight_decay * sum(np.sum(W * W) for W in weights), "
       "grads = [weight_decay * W for W in weights]")


def check_l2_penalty(fn):
    """Check ``l2_penalty(weights, weight_decay) -> (penalty, grads)``. Chapter 9."""
    cases = [
        Case("one 2x2 matrix, weight_decay = 0.1",
             args=([_A([[1.0, -2.0], [0.5, 0.0]])], 0.1),
             expected=_penalty(0.2625, [_A([[0.1, -0.2], [0.05, 0.0]])]), formula=_L2),
        Case("two matrices of different shapes, weight_decay = 0.01",
             args=([_A([[1.0, 2.0]]), _A([[3.0], [-1.0]])], 0.01),
             expected=_penalty(0.075, [_A([[0.01, 0.02]]), _A([[0.03], [-0.01]])]),
             hint="the penalty sums over every matrix of the network", formula=_L2),
        Case("weight_decay = 0: no penalty, zero gradients",
             args=([_A([[0.3, -0.4, 1.2]])], 0.0),
             expected=_penalty(0.0, [_A([[0.0, 0.0, 0.0]])]), formula=_L2),
    ]
    return run_checks("check_l2_penalty", fn, cases)


def check_warmup_cosine(fn):
    """Check ``warmup_cosine(epoch, epochs, lr_max, warmup, lr_min=0.0) -> lr``."""
    warm_hint = ("during the warm-up the rate climbs in equal steps and reaches lr_max "
                 "at the last warm-up epoch; epoch counts from 0, so epoch 0 already "
                 "trains with a small positive rate")
    warm = "lr_max * (epoch + 1) / warmup while epoch < warmup"
    cos = ("lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * (epoch - warmup) / "
           "(epochs - warmup))) / 2 from epoch = warmup on")
    cos_hint = ("after the warm-up, a half cosine from lr_max down towards lr_min over "
                "the remaining epochs - warmup epochs, starting at lr_max")
    cases = [
        Case("epoch 0 of 2 warm-up epochs", args=(0, 10, 0.1, 2), expected=0.05,
             hint=warm_hint, formula=warm),
        Case("epoch 1: the last warm-up epoch reaches lr_max", args=(1, 10, 0.1, 2),
             expected=0.1, hint=warm_hint, formula=warm),
        Case("epoch 2: the cosine starts at lr_max", args=(2, 10, 0.1, 2), expected=0.1,
             hint=cos_hint, formula=cos),
        Case("epoch 6 of 10: halfway through the cosine", args=(6, 10, 0.1, 2),
             expected=0.05, hint=cos_hint, formula=cos),
        Case("epoch 9, the last: small but not zero", args=(9, 10, 0.1, 2),
             expected=0.0038060233744356634, hint=cos_hint, formula=cos),
        Case("no warm-up and lr_min = 0.001", args=(5, 20, 0.01, 0),
             kwargs={"lr_min": 0.001}, expected=0.008681980515339464,
             hint="the cosine runs between lr_max and lr_min, not between lr_max and 0",
             formula=cos),
    ]
    return run_checks("check_warmup_cosine", fn, cases)


# A batch of 4 with 3 features; x_hat and inv_std come from the forward pass of
# x = [[0.5, 1, -1.5], [2, -0.5, 0.3], [-1, 0.7, 1.1], [0.4, 0.2, -0.2]], eps = 1e-5.
_XHAT = _A([[0.023550504208, 1.144568433114, -1.50889991614],
            [1.436580756704, -1.49674333561, 0.3970789253],
            [-1.389479748288, 0.616306079369, 1.244180632607],
            [-0.070651512625, -0.264131176872, -0.132359641767]])
_INV = _A([0.942020168331, 1.760874512483, 1.058877134134])
# Columns with mean 0 and mean square exactly 1 (eps = 0), for an exact zero below.
_XHAT_UNIT = _A([[1.0, 1.0, 2 ** 0.5], [-1.0, 1.0, 0.0], [1.0, -1.0, -2 ** 0.5],
                 [-1.0, -1.0, 0.0]])


_BN = ("d_xhat = grad_out * gamma; dx = inv_std / N * (N * d_xhat - d_xhat.sum(axis=0) "
       "- x_hat * (d_xhat * x_hat).sum(axis=0)); dgamma = (grad_out * x_hat).sum(axis=0); "
       "dbeta = grad_out.sum(axis=0)")


def check_batchnorm_backward(fn):
    """Check ``batchnorm_backward(grad_out, x_hat, gamma, inv_std) -> (dx, dgamma,
    dbeta)``. Chapter 9."""
    names = ("dx", "dgamma", "dbeta")
    hints = ("dx has three parts: the direct path through x_hat, the path through "
             "the batch mean, and the path through the batch variance",
             "dgamma: every sample of the batch adds grad_out times its x_hat",
             "dbeta: every sample of the batch adds its grad_out")
    g = _A([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.6, 0.1, 0.4], [0.2, -0.3, 0.9]])
    cases = [
        Case("a batch of 4, 3 features, gamma = [1.5, -0.5, 2]",
             args=(g, _XHAT, _A([1.5, -0.5, 2.0]), _INV),
             expected=parts_verdict(names, (
                 _A([[1.084498853576, 0.051883445984, -0.097054684628],
                     [-0.540597849678, -0.145732417415, -2.315135063709],
                     [-0.540374023911, -0.286988393818, 0.793376353127],
                     [-0.003526979987, 0.38083736525, 1.61881339521]]),
                 _A([1.274082277667, -1.628808924047, -0.320310333075]),
                 _A([0.9, 0.1, 0.5])), hints, atol=1e-9),
             hint="in training the mean and variance depend on every sample, so each "
                  "x gets gradient through them too", formula=_BN),
        Case("the same gradient for every sample: the mean path cancels it",
             args=(np.ones((4, 3)), _XHAT, _A([1.5, -0.5, 2.0]), _INV),
             expected=parts_verdict(names, (np.zeros((4, 3)), np.zeros(3),
                                            _A([4.0, 4.0, 4.0])), hints, atol=1e-9),
             hint="shifting every x by the same amount moves the mean with it and "
                  "leaves x_hat unchanged, so dx must be 0", formula=_BN),
        Case("a gradient along x_hat: the variance path cancels it",
             args=(_XHAT_UNIT * 2.0, _XHAT_UNIT, _A([1.0, 1.0, 1.0]), _INV),
             expected=parts_verdict(names, (np.zeros((4, 3)), _A([8.0, 8.0, 8.0]),
                                            np.zeros(3)), hints, atol=1e-8),
             hint="scaling every x away from the mean raises the variance by the "
                  "same factor and leaves x_hat unchanged, so dx must be 0",
             formula=_BN),
    ]
    return run_checks("check_batchnorm_backward", fn, cases)


_STOP = ("for each epoch (from 1): if loss < best - min_delta: best, best_epoch, wait = "
         "loss, epoch, 0; else: wait += 1 and return (epoch, best_epoch) when wait == "
         "patience; after the loop return (len(val_losses), best_epoch)")


def check_early_stopping(fn):
    """Check ``early_stopping(val_losses, patience, min_delta=0.0) -> (stop_epoch,
    best_epoch)``. Chapter 9."""
    names = ("stop_epoch", "best_epoch")
    hints = ("stop at the epoch where the count of epochs without improvement "
             "reaches patience; if that never happens, train every epoch",
             "the best epoch is the one with the lowest validation loss, counted from 1")
    cases = [
        Case("always improving: never stops", args=([1.0, 0.9, 0.8, 0.7], 2),
             expected=parts_verdict(names, (4, 4), hints), formula=_STOP),
        Case("best at epoch 2, patience 3", args=([1.0, 0.8, 0.85, 0.9, 0.95], 3),
             expected=parts_verdict(names, (5, 2), hints),
             hint="epochs 3, 4 and 5 do not improve: with patience 3 training stops "
                  "after epoch 5, not later", formula=_STOP),
        Case("a worse epoch resets nothing; a new best resets the count",
             args=([0.5, 0.6, 0.4, 0.45, 0.41, 0.42], 2),
             expected=parts_verdict(names, (5, 3), hints),
             hint="compare with the best loss so far, not with the previous epoch",
             formula=_STOP),
        Case("a tie is not an improvement", args=([1.0, 1.0, 1.0], 1),
             expected=parts_verdict(names, (2, 1), hints),
             hint="an improvement must be strictly lower than the best so far",
             formula=_STOP),
        Case("min_delta = 0.05: small gains do not count",
             args=([1.0, 0.98, 0.97, 0.9, 0.89], 2), kwargs={"min_delta": 0.05},
             expected=parts_verdict(names, (3, 1), hints),
             hint="an improvement must beat the best by more than min_delta",
             formula=_STOP),
    ]
    return run_checks("check_early_stopping", fn, cases)
