"""Chapter 8's exercise checkers: each passes a correct answer (in several forms), names the typical wrong answers,
reports a stub as "not written yet" and a function that raises as such, and never lets an exception out; the
chapter has each exercise's stub, checker and folded solution."""

from __future__ import annotations

import json
import pathlib
import re

import numpy as np
import pytest

from nnlearn.chapters.representation import compute as C
from nnlearn.chapters.representation import exercises as E
from nnlearn.precision import significant_digits

NOTEBOOK = pathlib.Path(__file__).resolve().parents[3] / "notebooks" / "08_representation.ipynb"


def bump(left, right, height, steepness):
    s, h = steepness, height
    return [np.array([[s, s]]), np.array([-s * left, -s * right]), np.array([[h], [-h]]), np.zeros(1)]


def bump_swapped_units(left, right, height, steepness):
    s, h = steepness, height
    return (np.array([[s, s]]), np.array([-s * right, -s * left]), np.array([[-h], [h]]), np.array([0.0]))


def bump_as_lists(left, right, height, steepness):
    return [p.tolist() for p in bump(left, right, height, steepness)]


def count_pieces(net, lo, hi):
    cuts = [float(lo), float(hi)]
    for l in range(len(net.layers)):
        net.forward(np.array(cuts)[:, None])
        z = net.zs[l]
        for i in range(len(cuts) - 1):
            for j in np.flatnonzero(z[i] * z[i + 1] < 0):
                cuts.append(cuts[i] + (cuts[i + 1] - cuts[i]) * z[i, j] / (z[i, j] - z[i + 1, j]))
        cuts = sorted(set(cuts))
    x = np.array(cuts)
    slopes = np.diff(net.forward(x[:, None])[:, 0]) / np.diff(x)
    return 1 + int(np.sum(~np.isclose(slopes[1:], slopes[:-1], rtol=1e-9, atol=1e-9)))


CHECKERS = {"bump": (E.check_bump, bump), "count_pieces": (E.check_count_pieces, count_pieces)}


@pytest.mark.parametrize("answer", [bump, bump_swapped_units, bump_as_lists])
def test_check_bump_passes_every_form_of_a_right_answer(answer):
    result = E.check_bump(answer)
    assert result.passed, str(result)
    assert str(result).startswith("\u2714 passed: ")


def test_check_count_pieces_passes_the_exact_count_and_the_float_solution():
    assert E.check_count_pieces(lambda net, lo, hi: C.linear_pieces(net, lo, hi).count).passed
    assert E.check_count_pieces(count_pieces).passed


def _wrong_bump(kind):
    return lambda left, right, height, steepness: E._mistake_params(kind, left, right, height, steepness)


WRONG = [
    ("bump", _wrong_bump("bias sign"), "opposite sign"),
    ("bump", _wrong_bump("bias unscaled"), "scaled by the steepness"),
    ("bump", _wrong_bump("heights swapped"), "+height and \u2212height"),
    ("bump", _wrong_bump("weight missing"), "weight is the steepness"),
    ("bump", _wrong_bump("one step"), "needs both steps"),
    ("bump", lambda l, r, h, s: [np.array([[s], [s]]), np.array([-s * l, -s * r]), np.array([[h], [-h]]), np.zeros(1)],
     "W1 has shape (2, 1)"),
    ("bump", lambda l, r, h, s: bump(l, r, h, s)[:3], "Return 4 arrays"),
    ("bump", lambda l, r, h, s: dict(zip("abcd", bump(l, r, h, s))), "not a dict"),
    ("bump", lambda l, r, h, s: [np.array([[s, s]]), np.array([-s * l, -s * r]), np.array([[h], [-h]]), np.ones(1)],
     "does not compute the bump"),
    ("count_pieces", lambda net, lo, hi: C.linear_pieces(net, lo, hi).count - 1, "counted the breakpoints"),
    ("count_pieces", lambda net, lo, hi: C.linear_pieces(net, lo, hi).regions, "Merge them"),
    ("count_pieces", lambda net, lo, hi: E._sampled_count(net, lo, hi), "A grid of points cannot see breakpoints"),
    ("count_pieces", lambda net, lo, hi: E._sampled_count(net, lo, hi, 100_001), "A grid of points"),
    ("count_pieces", lambda net, lo, hi: "eight", "must be a whole number"),
]


@pytest.mark.parametrize("name, wrong, words", WRONG, ids=[f"{n}-{w[:24]}" for n, _, w in WRONG])
def test_checker_names_a_typical_wrong_answer(name, wrong, words):
    result = CHECKERS[name][0](wrong)
    assert not result.passed
    assert result.status == "failed"
    text = str(result)
    assert words in text, text
    assert "Traceback" not in text


def test_every_checker_is_tested_with_at_least_three_wrong_answers():
    counts = {name: sum(n == name for n, _, _ in WRONG) for name in CHECKERS}
    assert min(counts.values()) >= 3, counts


def test_the_bump_mistakes_are_told_apart_on_the_first_case():
    """On the first case, where every mistake fails, each gives a different network function from the right one
    and from the other mistakes, so the hint the checker shows is the mistake's own."""
    case = E._bump_cases()[0]
    values = [E._network_values(bump(**case.inputs))]
    values += [E._network_values(E._mistake_params(kind, **case.inputs)) for kind, _ in E._BUMP_MISTAKES]
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            assert not np.allclose(values[i], values[j], rtol=E.RTOL, atol=E.ATOL), (i, j)


def test_the_pieces_cases_need_an_exact_count():
    """The spike defeats a grid, the cancelling kinks need merging, and the counts are the exact ones."""
    cases = {c.name.split(",")[0].split(":")[0]: c.inputs for c in E._pieces_cases()}
    counts = [C.linear_pieces(c["net"], c["lo"], c["hi"]).count for c in cases.values()]
    assert counts == [8, 32, 8, 2, 4, 1]
    spike = next(c for name, c in cases.items() if name.startswith("a spike"))
    assert E._sampled_count(spike["net"], spike["lo"], spike["hi"]) == 1
    cancel = next(c for name, c in cases.items() if name.startswith("two kinks"))
    assert C.linear_pieces(cancel["net"], cancel["lo"], cancel["hi"]).regions == 3


def stub(*args):
    raise NotImplementedError("write this function")


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_a_stub_is_not_written_yet(name):
    result = CHECKERS[name][0](stub)
    assert result.status == "not written yet"
    assert not result.passed


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_a_function_that_raises_is_reported_not_propagated(name):
    def broken(*args):
        return 1 / 0 if args else None

    result = CHECKERS[name][0](broken)
    assert result.status == "raised an error"
    assert "ZeroDivisionError" in result.summary


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_a_function_returning_none_is_a_failure(name):
    result = CHECKERS[name][0](lambda *args: None)
    assert result.status == "failed"
    assert "None" in str(result)


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_passing_a_value_instead_of_a_function_is_explained(name):
    result = CHECKERS[name][0](3.5)
    assert result.status == "failed"
    assert "your function itself" in result.summary


def test_the_checker_is_not_fooled_by_a_reader_who_changes_the_network():
    def vandal(net, lo, hi):
        n = C.linear_pieces(net, lo, hi).count
        for p in net.parameters():
            p[...] = 0.0
        return n
    assert E.check_count_pieces(vandal).passed
    assert E.check_count_pieces(count_pieces).passed


def test_verdicts_are_deterministic_and_rounded():
    wrong = _wrong_bump("bias sign")
    text = str(E.check_bump(wrong))
    assert text == str(E.check_bump(wrong))
    numbers = re.findall(r"(?<![\w.])\d+\.\d+(?:e[-+]?\d+)?", text)
    assert numbers and max(significant_digits(n) for n in numbers) <= 6, text


def test_the_chapter_has_both_coding_exercises_with_stub_checker_and_folded_solution():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    source = ["".join(c["source"]) for c in cells]

    def saved_text(cell):
        return "".join("".join(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))

    calls = [(i, m.group(1), m.group(2)) for i, s in enumerate(source)
             for m in re.finditer(r"^(check_\w+)\((\w+)\)$", s, re.M)]
    stubs = [(i, check, fn) for i, check, fn in calls if fn.startswith("my_")]
    assert {check for _, check, _ in stubs} == {"check_bump", "check_count_pieces"}
    for i, check, fn in stubs:
        assert hasattr(E, check)
        assert any(f"def {fn}(" in s and "raise NotImplementedError" in s for s in source[:i])
        assert saved_text(cells[i]).startswith("\u270e not written yet")
        start = next(k for k in range(i, len(cells)) if "{solution-start}" in source[k])
        end = next(k for k in range(start, len(cells)) if "{solution-end}" in source[k])
        solved = [k for k in range(start, end) if re.search(rf"^{check}\(\w+_solution\)$", source[k], re.M)]
        assert solved, (check, start, end)
        assert saved_text(cells[solved[0]]).startswith("\u2714 passed")
