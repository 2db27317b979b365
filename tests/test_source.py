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


# ------------------------------------------------------------------- one marked block of lines

_CODE = """def step(self, g):
    # (A) first thing
    x = g * 2
    y = x + 1
    # (B) second thing
    self.z = y

    # (C) after a blank line
    return self.z
"""


def test_marked_lines_give_the_comment_and_the_code_below_it():
    from nnlearn.source import marked_lines
    assert marked_lines(_CODE, "(A)") == "# (A) first thing\nx = g * 2\ny = x + 1"
    assert marked_lines(_CODE, "(B)") == "# (B) second thing\nself.z = y"
    assert marked_lines(_CODE, "(C)") == "# (C) after a blank line\nreturn self.z"


def test_marked_lines_stop_at_a_dedent():
    from nnlearn.source import marked_lines
    code = "for i in r:\n    # (X) inside\n    a = i\nb = 2\n"
    assert marked_lines(code, "(X)") == "# (X) inside\na = i"


@pytest.mark.parametrize("marker, error", [("(Z)", ValueError), ("", ValueError), ("thing", ValueError),
                                           (3, TypeError)])
def test_marked_lines_reject_a_missing_ambiguous_or_bad_marker(marker, error):
    from nnlearn.source import marked_lines
    with pytest.raises(error, match="marker"):
        marked_lines(_CODE, marker)


def test_marked_lines_reject_code_that_is_not_text():
    from nnlearn.source import marked_lines
    with pytest.raises(TypeError, match="code"):
        marked_lines(None, "(A)")


def test_show_lines_takes_the_lines_from_the_package_source():
    from nnlearn.source import show_lines
    backward = nnlearn.Dense.backward if hasattr(nnlearn.Dense, "backward") else nnlearn.Network.backward
    shown = show_lines(backward, "(BP4)")
    assert isinstance(shown, SourceCode)
    lines = shown.code.splitlines()
    assert lines[0].startswith("# (BP4)") and len(lines) >= 2
    assert "matmul(self.a_prev.T, self.delta)" in shown.code
    assert all(line in get_source(backward) for line in (l.strip() for l in lines))


@pytest.mark.parametrize("marker, code", [("(BP1)", "self.activation.backward("), ("(BP3)", ".sum(axis=0)"),
                                          ("(BP4)", "matmul(self.a_prev.T, self.delta)"),
                                          ("(BP2), its matrix part", "matmul(self.delta, self.W.T)")])
def test_chapter_4_finds_each_equation_in_dense_backward(marker, code):
    """Chapter 4 shows these four blocks of Dense.backward by their markers: renaming a marker breaks it."""
    from nnlearn.source import show_lines
    assert code in show_lines(nnlearn.Dense.backward, marker).code
