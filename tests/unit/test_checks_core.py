"""The machinery behind the students' checks."""

import numpy as np

from nncourse.checks import Case, run_checks


def square(x):
    return np.asarray(x) ** 2


def test_all_passing_cases_make_a_true_report():
    report = run_checks("check_square", square, [Case("2 squared", (2.0,), 4.0),
                                                Case("a row", ([1, 2],), [1, 4])])
    assert report and report.passed == 2
    assert str(report).splitlines()[0] == "check_square: 2 of 2 cases passed (all passed)"


def test_a_wrong_value_says_expected_got_and_hint():
    report = run_checks("check_square", lambda x: x * 2, [Case("3 squared", (3.0,), 9.0, "multiply x by itself")])
    assert not report
    assert "✗ 3 squared: expected 9, got 6. Hint: multiply x by itself" in str(report)


def test_a_wrong_shape_is_named():
    report = run_checks("c", lambda x: np.zeros((2, 3)), [Case("shape", (0,), np.zeros((3, 2)))])
    assert "expected shape (3, 2), got shape (2, 3)" in str(report)


def test_stubs_and_crashes_are_reported_not_raised():
    def stub(x):
        raise NotImplementedError("write me")

    def crash(x):
        return 1 / 0

    assert "not written yet" in str(run_checks("c", stub, [Case("any", (1,), 1)]))
    assert "raised ZeroDivisionError" in str(run_checks("c", crash, [Case("any", (1,), 1)]))


def test_nan_is_reported_and_custom_verdicts_work():
    assert "nan or inf" in str(run_checks("c", lambda: np.nan, [Case("nan", (), 1.0)]))
    verdict = Case("positive", (), lambda r: None if r > 0 else "should be positive")
    assert run_checks("c", lambda: 1, [verdict])
    assert "should be positive" in str(run_checks("c", lambda: -1, [verdict]))


def test_an_empty_check_is_not_a_pass():
    assert not run_checks("c", square, [])
