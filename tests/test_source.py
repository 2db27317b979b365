"""Tests of nnlearn.source: showing the package's own code in a notebook."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

import nnlearn
from nnlearn.network import Network, count_parameters
from nnlearn.perceptron import Perceptron, PerceptronHistory, perceptron_update
from nnlearn.source import SourceCode, get_source, show_source


def test_show_source_gives_the_function_text():
    shown = show_source(perceptron_update)
    assert isinstance(shown, SourceCode)
    assert shown.code.startswith("def perceptron_update(")
    assert shown.code == inspect.getsource(perceptron_update).rstrip("\n")
    assert shown.name == "perceptron_update"


def test_plain_text_output_is_the_code_so_nbval_compares_it():
    shown = show_source(count_parameters)
    assert repr(shown) == shown.code
    assert str(shown) == shown.code


def test_markdown_output_is_a_fenced_python_block():
    md = show_source(count_parameters)._repr_markdown_()
    assert md.startswith("```python\ndef count_parameters(")
    assert md.rstrip("\n").endswith("```")


def test_a_method_is_dedented():
    code = get_source(Perceptron.predict)
    assert code.startswith("def predict(")
    ast.parse(code)


def test_a_bound_method_shows_its_function():
    p = Perceptron(np.array([1.0, 1.0]), 0.0)
    assert get_source(p.predict) == get_source(Perceptron.predict)


def test_a_property_shows_its_getter():
    code = get_source(vars(PerceptronHistory)["n_updates"])
    assert code.startswith("@property\ndef n_updates(")


def test_a_class_shows_its_definition():
    assert get_source(Network).startswith("class Network")


def test_docstring_false_removes_the_docstring_and_keeps_valid_python():
    with_doc = get_source(perceptron_update)
    without = get_source(perceptron_update, docstring=False)
    assert '"""' in with_doc and '"""' not in without
    assert "w_new = w + eta * (y - y_hat) * x" in without
    tree = ast.parse(without)
    assert ast.get_docstring(tree.body[0]) is None


def test_docstring_false_on_a_docstring_only_body_keeps_it_valid():
    code = get_source(nnlearn.activations.Activation.forward, docstring=False)
    ast.parse(code)


def test_output_holds_no_file_path():
    for obj in (perceptron_update, Network, count_parameters):
        code = show_source(obj).code
        assert "/work" not in code and ".py" not in code.split("\n")[0]


def test_output_is_the_same_every_time():
    assert show_source(perceptron_update) == show_source(perceptron_update)


def test_a_code_fence_inside_the_source_gets_a_longer_fence():
    md = SourceCode("f", 'x = """```"""')._repr_markdown_()
    assert md.startswith("````python\n")


def test_rejects_an_object_from_another_package():
    with pytest.raises(ValueError, match="nnlearn package"):
        get_source(inspect.getsource)


def test_rejects_a_number():
    with pytest.raises(TypeError, match="function, method, property or class"):
        show_source(3)


def test_rejects_a_builtin():
    with pytest.raises(TypeError, match="function, method, property or class"):
        show_source(len)


def test_rejects_a_non_boolean_docstring_flag():
    with pytest.raises(TypeError, match="docstring must be True or False"):
        show_source(perceptron_update, docstring="no")
