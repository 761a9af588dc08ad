"""Chapter 9: the optimiser-race figures and widget, and the exercise checks."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nncourse import History, checks, plots, widgets  # noqa: E402
from nncourse.plots.training import (OPTIMISERS, SURFACES, optimiser_paths,  # noqa: E402
                                     surface_grad, surface_loss)


@pytest.mark.parametrize("surface", list(SURFACES))
def test_surface_gradients_match_central_differences(surface):
    w = np.array([0.7, -0.4])
    eps = 1e-6
    numeric = [(surface_loss(surface, *(w + eps * e)) - surface_loss(surface, *(w - eps * e)))
               / (2 * eps) for e in np.eye(2)]
    np.testing.assert_allclose(surface_grad(surface, w), numeric, rtol=1e-6, atol=1e-8)


def test_paths_start_at_the_start_and_have_the_default_length():
    paths = optimiser_paths("valley", (-4.5, 2.0))
    assert set(paths) == set(OPTIMISERS)
    for path in paths.values():
        assert path.shape == (SURFACES["valley"][4] + 1, 2)
        np.testing.assert_array_equal(path[0], [-4.5, 2.0])


def test_adaptive_optimisers_leave_the_saddle_and_sgd_does_not():
    ends = {k: surface_loss("saddle", *p[-1])
            for k, p in optimiser_paths("saddle", SURFACES["saddle"][3][0]).items()}
    assert abs(ends["SGD"]) < 0.01
    assert ends["Adam"] < -0.15 and ends["RMSProp"] < -0.15


def test_a_diverging_path_is_cut_before_it_leaves_the_plane():
    path = optimiser_paths("valley", (-4.5, 2.0), names=["SGD"], lr_scale=4.0)["SGD"]
    assert len(path) < SURFACES["valley"][4] + 1 and np.isfinite(path).all()


def test_draw_optimiser_race_labels_every_optimiser():
    ax = plots.draw_optimiser_race("rosenbrock", lr_scale=0.5, start=1)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [lab.split(":")[0] for lab in labels] == list(OPTIMISERS)
    assert ax.get_xlabel() == "$w_1$" and "Rosenbrock" in ax.get_title()
    ax = plots.draw_optimiser_race("valley", optimiser="Adam")
    assert len(ax.get_legend().get_texts()) == 1


@pytest.mark.parametrize("call, message", [
    (lambda: surface_loss("bowl", 0, 0), "expected a surface among"),
    (lambda: plots.make_optimiser("Lion", "valley"), "expected an optimiser among"),
    (lambda: plots.draw_runs({}, metric="acc"), "draw_runs expected metric"),
    (lambda: widgets.optimiser_race("bowl"), "optimiser_race expected a surface"),
    (lambda: widgets.optimiser_race(optimiser="SGDW"), "optimiser_race expected optimiser"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_draw_runs_and_schedules():
    h = History(loss=[1.0, 0.5], val_loss=[1.1, 0.7])
    ax = plots.draw_runs({"a": h, "b": {"val_loss": [0.9, 0.8, 0.7]}}, metric="val_loss")
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    ax = plots.draw_schedules({"half": lambda e: 0.5 ** e}, 4)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [1, 0.5, 0.25, 0.125])


def test_optimiser_race_stores_24_pictures_and_one_control_needs_a_kernel():
    box = widgets.optimiser_race("saddle", lr_scale=2.0, start=1)
    assert len(box.pictures) == 24
    assert box.static == ["surface", "lr_scale", "start"]
    assert "optimiser" in box.children[-2].value  # the note under the controls
    box.controls["optimiser"].value = "Adam"      # redraws live with a kernel
    assert "Adam" in box.shown().value


# -- the checks pass the right answers and catch the planted ones ---------------------
def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    s_new = rho * s + (1 - rho) * grad ** 2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def warmup_cosine(epoch, epochs, lr_max, warmup, lr_min=0.0):
    if epoch < warmup:
        return lr_max * (epoch + 1) / warmup
    t = (epoch - warmup) / (epochs - warmup)
    return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t)) / 2


def test_checks_pass_right_answers_and_fail_wrong_ones():
    assert checks.check_rmsprop_step(rmsprop_step)
    assert checks.check_warmup_cosine(warmup_cosine)
    report = checks.check_rmsprop_step(
        lambda w, g, s, lr, rho=0.9, eps=1e-8: (w - lr * g / (rho * s + (1 - rho) * g * g + eps),
                                                rho * s + (1 - rho) * g * g))
    assert not report and "square root" in str(report)
    report = checks.check_warmup_cosine(lambda e, E, lr, w, lr_min=0.0: lr)
    assert not report
    report = checks.check_l2_penalty(
        lambda weights, wd: (wd * sum(float((W * W).sum()) for W in weights),
                             [wd * W for W in weights]))
    assert not report and "½" in str(report)
