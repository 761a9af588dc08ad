"""The checks machinery every chapter shares (``nncourse.checks.core``).

- expected answers are data: a ``RECORDED`` case reads them from
  ``nncourse/checks/expected/``, written by ``make exercises`` from the solutions,
  and without that data a check cannot answer by itself;
- an input changed in place fails its case and is named;
- a function that raises gets the case, the exception in one line and a hint;
- ``dtype=True`` requires the expected answer's dtype.
"""

from __future__ import annotations

import numpy as np
import pytest

from _grading import ROOT
from nncourse import checks
from nncourse.checks import record
from nncourse.checks import expected_data
from nncourse.checks.core import RECORDED, Case, run_checks


def test_the_recorded_answers_are_up_to_date():
    problems = record.expected_differences(ROOT / "solutions", expected_data.EXPECTED_DIR)
    assert not problems, "run `make exercises`:\n" + "\n".join(problems)


def test_values_survive_the_round_trip_exactly():
    values = [1.5, 3, np.float32(0.1), np.arange(6, dtype=np.int32).reshape(2, 3),
              np.array([0.1, 1e-300, -2.5], np.float32), (np.ones(2), 0.2), [True, None],
              {"a": np.zeros((0, 3))}, float("nan"), np.array([True, False])]
    for value in values:
        back = expected_data.decode(expected_data.encode(value))
        assert repr(back) == repr(value) or np.array_equal(back, value, equal_nan=True), value
        if isinstance(value, np.ndarray):
            assert back.dtype == value.dtype and back.shape == value.shape


def test_without_the_data_a_check_cannot_answer(monkeypatch):
    monkeypatch.setattr(expected_data, "_STORE", {})
    report = checks.check_neuron_forward(lambda X, w, b: 1 / (1 + np.exp(-(X @ w + b))))
    assert not report and "no expected value is stored" in str(report)


def test_the_checks_pass_a_right_answer_from_the_data():
    def neuron_forward(X, w, b):
        return 1 / (1 + np.exp(-(X @ w + b)))

    assert checks.check_neuron_forward(neuron_forward)


def test_an_input_changed_in_place_is_named():
    def relu(x, alpha):
        x[x < 0] *= alpha
        return x

    report = run_checks("check", relu, [Case("two", (np.array([-1.0, 2.0]), 0.0),
                                             np.array([0.0, 2.0]))])
    assert not report and "you changed `x` in place" in str(report), str(report)


def test_an_exception_gets_the_case_one_line_and_a_hint():
    def dense(X, W):
        return W @ X

    report = run_checks("check", dense, [Case("(2, 3) @ (3, 4)", (np.ones((2, 3)),
                                                                  np.ones((3, 4))),
                                              np.full((2, 4), 3.0))])
    text = str(report)
    assert "(2, 3) @ (3, 4): raised ValueError: matmul" in text, text
    assert "transpose" in text and text.count("\n") == 1


@pytest.mark.parametrize("got, ok", [(np.ones(2, np.float32), True),
                                     (np.ones(2), False)])
def test_a_dtype_the_task_fixes(got, ok):
    report = run_checks("check", lambda: got, [Case("float32", (), np.ones(2, np.float32),
                                                    dtype=True)])
    assert bool(report) is ok, str(report)
    if not ok:
        assert "expected dtype float32, got float64" in str(report)


def test_recording_stores_what_the_solution_returns():
    with expected_data.Recorder() as recorder:
        run_checks("check_twice", lambda x: 2 * x, [Case("double", (np.arange(3),), RECORDED),
                                                     Case("literal", (1,), 2)])
    assert recorder.checks["check_twice"][1] == {"case": "literal", "value": None}
    assert expected_data.decode(recorder.checks["check_twice"][0]["value"]).tolist() == [0, 2, 4]


def test_objects_without_equality_are_compared_by_their_attributes():
    class Layer:
        def __init__(self):
            self.W = np.ones(2)

    def scale(layer):
        return layer.W * 2

    def scale_in_place(layer):
        layer.W *= 2
        return layer.W

    cases = [Case("a layer", (Layer(),), np.full(2, 2.0))]
    assert run_checks("check", scale, cases)
    assert "you changed `layer` in place" in str(run_checks("check", scale_in_place, cases))
    allowed = [Case("a layer", (Layer(),), np.full(2, 2.0), mutates=True)]
    assert run_checks("check", scale_in_place, allowed)


def _wrong_sum(x):
    return x.sum()


def test_hints_come_in_two_steps(capsys):
    case = Case("three numbers", (np.array([1.0, 2.0, 3.0]),), 2.0,
                hint="the mean, not the sum", formula="x.sum() / len(x)")
    first = str(run_checks("check_two_steps", _wrong_sum, [case]))
    assert "the mean, not the sum" in first and "x.sum() / len(x)" not in first, first
    assert "checks.formula_hint()" in first
    assert "x.sum() / len(x)" in checks.formula_hint("check_two_steps")
    second = str(run_checks("check_two_steps", _wrong_sum, [case]))
    assert "Formula: x.sum() / len(x)" in second, second
    # A pass starts over: the next mistake gets the idea first again.
    assert run_checks("check_two_steps", lambda x: x.mean(), [case])
    assert "Formula" not in str(run_checks("check_two_steps", _wrong_sum, [case]))


def test_a_wrong_earlier_function_is_named_first():
    namespace = {"np": np}
    exec("def neuron_forward(X, w, b):\n"          # the sign of z is wrong
         "    return 1 / (1 + np.exp(X @ w + b))\n"
         "def predict_twice(X, w, b):\n"
         "    return 2 * neuron_forward(X, w, b)\n", namespace)
    case = Case("one example", (np.zeros((1, 2)), np.ones(2), 1.0),
                np.array([2 / (1 + np.exp(-1.0))]), hint="twice σ(z)", formula="2 * σ(z)")
    text = str(run_checks("check_predict_twice", namespace["predict_twice"], [case]))
    assert "Fix `neuron_forward` first" in text and "Formula" not in text, text
    # Right once the earlier function is right, and a background check is not counted.
    exec("def neuron_forward(X, w, b):\n"
         "    return 1 / (1 + np.exp(-(X @ w + b)))\n", namespace)
    assert run_checks("check_predict_twice", namespace["predict_twice"], [case])
    assert "Formula" not in str(checks.check_neuron_forward(lambda X, w, b: X @ w + b))
