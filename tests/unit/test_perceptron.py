import numpy as np
import pytest

from nncourse.datasets import logic_gate
from nncourse.perceptron import AND, GATE_WEIGHTS, NAND, OR, XOR, Perceptron, perceptron_output

TABLE = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize("name, fn", [("AND", AND), ("OR", OR), ("NAND", NAND), ("XOR", XOR)])
def test_hand_made_gates(name, fn):
    _, y = logic_gate(name)
    assert [fn(a, b) for a, b in TABLE] == list(y)
    assert isinstance(fn(1, 1), int)
    np.testing.assert_array_equal(fn(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])), y)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
def test_gate_weights_with_the_vector_rule(name):
    X, y = logic_gate(name)
    w, b = GATE_WEIGHTS[name]
    np.testing.assert_array_equal(perceptron_output(X, w, b), y)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
def test_learning_rule_converges_on_separable_gates(name):
    X, y = logic_gate(name)
    p = Perceptron(2, lr=0.1)
    result = p.fit(X, y, epochs=100)
    assert result.converged and p.converged
    assert type(p.bias) is float and all(type(e) is int for e in result.errors)
    assert result.errors[-1] == 0 and result.epochs == len(result.errors) < 100
    np.testing.assert_array_equal(p.predict(X), y)


def test_learning_rule_does_not_converge_on_xor():
    X, y = logic_gate("XOR")
    p = Perceptron(2, rng=0)
    result = p.fit(X, y, epochs=50)
    assert not result.converged and not p.converged
    assert len(result.errors) == 50 and min(result.errors) > 0
    assert (p.predict(X) != y).any()


def test_perceptron_inputs_and_repr():
    p = Perceptron(2, weights=[0.5, 0.5], bias=-0.7)
    assert repr(p) == "Perceptron(w=[0.5, 0.5], b=-0.7)"
    assert p.predict(np.array([1, 1])).tolist() == [1]
    with pytest.raises(ValueError, match=r"Perceptron expected input with 2 features, got "
                                         r"shape \(4, 3\)"):
        p.predict(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"expected labels 0 or 1, got \[0, 2\]"):
        p.fit(np.ones((2, 2)), [0, 2])
    with pytest.raises(ValueError, match=r"expected weights of shape \(2,\), got shape \(3,\)"):
        Perceptron(2, weights=[1, 2, 3])
