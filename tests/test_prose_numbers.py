"""The chapters' prose holds no typed result: every computed number in the markdown is glued from code.

The checker removes what is not prose (glue roles and directives, citation keys, labels, directive
options, list enumerators, "chapter N" references, LaTeX subscripts, link targets) and then finds
every number left in the text, in inline code and in the math. Each must be a small structural
number on the explicit list below or on the chapter's own allow-list of given values and settings
(chapter 3: the given values of its worked example and exercise; chapters 1 and 2: the explicit
lists in :data:`CHAPTERS`, each number with its reason). Results are never on an allow-list: a
chapter that still types one is marked xfail (strict) with the numbers named, until it glues them.
The synthetic tests show that the checker does catch a typed result, wherever it is typed.
"""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest

from nnlearn.by_hand import EXERCISE, WORKED_EXAMPLE

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_backprop_by_hand.ipynb"

#: Small numbers that are part of the structure, not results, each with its reason.
STRUCTURAL = {
    "0": "the range of the sigmoid, 'between 0 and 1'",
    "1": "the 1 of 2->1->1, of 1/(1 + e^-z), of 1 - sigma(z)",
    "2": "the 2 of 2->1->1, the 1/2 and the square of the loss, the 2 epsilon of central differences",
}


def _canonical(number: str) -> str:
    return format(Decimal(number).normalize(), "f")


@dataclass(frozen=True)
class Chapter:
    """A chapter's notebook, its allow-list (number -> why it is a given value or a setting, not a
    result) and, while it still types a result, the reason of the strict xfail."""

    notebook: pathlib.Path
    allowed: dict[str, str]
    xfail: str | None = None


#: Chapter 3's given values come from nnlearn.by_hand itself (the worked example and the exercise).
_CH3_GIVEN = {_canonical(repr(float(v))): "a given value of the worked example or the exercise"
              for v in (*WORKED_EXAMPLE.as_dict().values(), *EXERCISE.as_dict().values())}

CHAPTERS: dict[str, Chapter] = {
    "01": Chapter(ROOT / "notebooks" / "01_perceptron.ipynb", {
        "1958": "the year of Rosenblatt's paper, a cited fact",
        "3": "a layer width of [2, 4, 3] and [2, 4, 3, 1] (and the 3 of sqrt 3, the exact length of the "
             "input (1, 1, 1), whose decimal value is glued)",
        "4": "a layer width of [2, 4, 3] and [2, 4, 3, 1]",
        "10": "the 10 of the tolerance 10^-12; the output width of the exercise's [784, 128, 10]",
        "12": "the tolerance 10^-12 that the cell asserts",
        "0.1": "a learning rate of the comparison (glued where it is introduced)",
        "0.5": "a learning rate of the comparison (glued where it is introduced)",
        "784": "the exercise's given widths [784, 128, 10]",
        "128": "the exercise's given widths [784, 128, 10]",
        "28": "the 28 x 28 images of the exercise's network",
        "5": "the exercise's given widths [3, 5, 5, 2]",
    }),
    "02": Chapter(ROOT / "notebooks" / "02_loss_and_gradient_descent.ipynb", {
        "40": "the logit z = 40 chosen to show the overflow of the naive formula",
        "10": "the 10 of the patch epsilon 10^-8",
        "8": "the patch epsilon 10^-8 added inside each log",
        "100": "the clamp of each log at -100 (PyTorch's BCE)",
        "5": "the logit z = -5 of the worked comparison",
    }),
    "03": Chapter(NOTEBOOK, _CH3_GIVEN),
    "06": Chapter(ROOT / "notebooks" / "06_vanishing_exploding_gradients.ipynb", {
        "0.25": "the sigmoid's largest slope, derived in the text and glued (slope_max); typed in the formula "
                "0.25^L and in the source articles' claims that the chapter checks",
        "0.000001": "the source article's claim '0.25^10 = 0.000001', quoted to be checked",
        "4": "the 4 of 1/0.25 and of 4^10 (the bound's derivation); the 4-hidden-layer network (a setting)",
        "6": "the 6-hidden-layer network on which every fix is measured (a setting, glued as deep)",
        "8": "the 8x8 images of the digits; the 8-hidden-layer network of the gradient check (a setting)",
        "10": "the 10 digit classes and outputs; powers of ten; the 10-hidden-layer residual net (a setting)",
        "12": "the 12-hidden-layer network of the gradient check (a setting)",
        "16": "pixels divided by 16 (the loader's scaling); about sixteen significant digits of a float64",
        "20": "the source article's 'multiply 20 of those together', and 0.25^20",
        "30": "the width of every hidden layer, a setting (glued as width), in sqrt(2/30); the 30-layer "
              "residual net",
        "64": "the 8 x 8 = 64 pixels of each digit image",
        "100": "the source article's claim of 100 to 1,000 layers; the 100-layer network of the reach table",
        "784": "Nielsen's network [784, 30, 30, 30, 30, 10] (MNIST's 28 x 28 pixels), cited",
        "0.01": "the standard deviation of the 'small' initialiser and the slope of leaky ReLU (library constants)",
        "0.1": "the exercise's given gradient (3, 0.1)",
        "3": "the exercise's given gradient (3, 0.1)",
        "7": "the 10^-7 limit of a 'good' gradient check (nnlearn.gradcheck.BANDS)",
    }),
    "07": Chapter(ROOT / "notebooks" / "07_pytorch.ipynb", {
        "3": "the exercise's given layer, 3 inputs and 5 units, and its weight shapes (3, 5) and (5, 3)",
        "5": "the exercise's given layer, 3 inputs and 5 units, and its weight shapes (3, 5) and (5, 3)",
        "8": "the 8x8 images of scikit-learn's digits, a fact of the data set",
        "9": "the digits 0 to 9, the classes of the data set",
        "64": "the 8 x 8 = 64 pixels of each digit image",
        "100": "the clamp of each log at -100 in PyTorch's BCELoss, a documented constant",
    }),
    "05": Chapter(ROOT / "notebooks" / "05_xor.ipynb", {
        "4": "the widths 2-4-1, the four XOR points, the article's randn(4, 2), the initial scale 4 of the grid",
        "42": "the seed the article states, np.random.seed(42)",
        "0.5": "the decision threshold 0.5; the article's scale randn * 0.5; the biases of the pencil exercise",
        "5": "the 5,000 epochs of the article's recipe, used by every run of the chapter (a setting)",
        "10": "the learning rate 10 of the grid (a setting); the factor 10 of the pencil exercise; 10^-12",
        "12": "the tolerance 10^-12 of tests/test_xor.py",
        "0.1": "the learning rate and initial scale 0.1 of the grid (settings)",
        "1.5": "the AND bias of the pencil exercise's hand-made network",
    }),
    "08": Chapter(ROOT / "notebooks" / "08_representation.ipynb", {
        "3": "the O(k^3) layers of Telgarsky's theorem, quoted from the paper",
        "4": "the 4 of the tent map 2 ReLU(x) - 4 ReLU(x - 1/2) (its definition) and of the broken line's largest "
             "gap sqrt(w)/4 on the square root, derived in the text (its value is glued)",
    }),
    "04": Chapter(ROOT / "notebooks" / "04_backprop_general.ipynb", {
        "10": "the base of a power of ten (10^{-k}); the 10 inputs of the [10, h, 1] family the chapter counts",
        "500": "the source article's claim '500,000x more efficient', quoted to be checked (its value is recomputed)",
        "3": "the 2N/3 of the deep limit (backpropagation as three forward passes); the exercise's widths [3, 3, 3, 1]",
        "4": "the widths [3, 4, 2, 1] in the exercise's solution",
        "512": "part of a name, AVX-512 (a processor's vector instructions), where rounding noise is explained",
    }),
}


def allowed_numbers(chapter: str = "03") -> set[str]:
    """The numbers ``chapter``'s prose may type: its allow-list and the structural numbers."""
    return {_canonical(n) for n in CHAPTERS[chapter].allowed} | {_canonical(n) for n in STRUCTURAL}


_GLUE_ROLE = re.compile(r"\{glue(?::\w*)?\}`[^`]*`")
_KEY_ROLES = re.compile(r"\{(?:cite(?::\w+)?|ref|numref|eq|doc|download|term|label)\}`[^`]*`")
_MATH_ROLE = re.compile(r"\{math\}`([^`]*)`")
_GLUE_DIRECTIVE_LINE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{glue(?::\w*)?\}.*$", re.M)
_DIRECTIVE_NAME = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{[\w:-]+\}", re.M)
_OPTION_LINE = re.compile(r"^\s*:[\w-]+:.*$", re.M)
_TARGET_LINE = re.compile(r"^\s*\([\w:-]+\)=\s*$", re.M)
_ENUMERATOR = re.compile(r"^(\s*)\d+[.)]\s", re.M)
_CHAPTER_REF = re.compile(r"\b[Cc]hapters?\s+\d+(?:\s*(?:,|and|to|-)\s*\d+)*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SUBSCRIPT = re.compile(r"_\{[^{}]*\}|_[0-9A-Za-z]")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def strip_non_prose(markdown: str) -> str:
    """Remove what is markup, not prose: glue references, citation keys and labels, directive
    names and options (a directive's title stays: it is prose), MyST targets, list enumerators,
    chapter references, link targets, HTML comments and LaTeX subscripts (indices such as the 11
    of w_{11})."""
    text = _HTML_COMMENT.sub(" ", markdown)
    text = _GLUE_ROLE.sub(" ", text)
    text = _KEY_ROLES.sub(" ", text)
    text = _MATH_ROLE.sub(r" \1 ", text)
    text = _GLUE_DIRECTIVE_LINE.sub(" ", text)  # the argument of a glue directive is a key
    text = _DIRECTIVE_NAME.sub(" ", text)  # other directives keep their titles, which are prose
    text = _OPTION_LINE.sub(" ", text)
    text = _TARGET_LINE.sub(" ", text)
    text = _ENUMERATOR.sub(r"\1", text)
    text = _CHAPTER_REF.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = _SUBSCRIPT.sub(" ", text)
    return text


def typed_numbers(markdown: str, allowed: set[str] | None = None) -> list[str]:
    """The numbers in ``markdown`` that are neither glued nor allowed: typed results."""
    allowed = allowed_numbers() if allowed is None else allowed
    return [n for n in _NUMBER.findall(strip_non_prose(markdown)) if _canonical(n) not in allowed]


def markdown_cells(notebook: pathlib.Path = NOTEBOOK) -> list[str]:
    """A chapter's prose: every markdown cell, and every figure caption kept in a code cell's
    metadata (``mystnb.figure.caption``, which myst-nb renders under the cell's figure)."""
    nb = json.loads(notebook.read_text())
    prose = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            prose.append("".join(cell["source"]))
        caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
        if caption:
            prose.append(caption)
    return prose


# ------------------------------------------------------------------- the checker, on synthetic text

@pytest.mark.parametrize("text, typed", [
    ("The loss is 0.0538.", ["0.0538"]),
    ("The gradient is \u22120.0723, so the weight goes up.", ["0.0723"]),
    ("$z_1 = 0.78$", ["0.78"]),
    ("$$\\frac{\\partial L}{\\partial w_{11}} = -0.0070$$", ["0.0070"]),
    ("{math}`\\delta_1 = -0.014`", ["0.014"]),
    ("`net.eta = 0.25`", ["0.25"]),
    ("| w2 | 0.9248 |", ["0.9248"]),
    ("Backpropagation was published in 1986.", ["1986"]),
    ("The step is 10 times smaller.", ["10"]),
    ("```{exercise} A third input, 0.7\n:label: ex-a\n```", ["0.7"]),
    ("a decrease of 7.3 percent", ["7.3"]),
])
def test_checker_catches_a_typed_result(text, typed):
    assert typed_numbers(text) == typed


@pytest.mark.parametrize("text", [
    "The loss is {glue:text}`loss:.4f`.",
    "It fell by {glue:md}`max_diff_fd:myst` and {glue}`anything`.",
    "```{glue:math} forward_lines\n:label: eq-forward-2\n```",
    "```{glue:figure} graph_forward\n:name: fig-3-graph\n\nThe graph.\n```",
    "$w_{11} x_1 + w_{12} x_2 + b_1$ and $\\delta_2 = \\partial L / \\partial z_2$",
    "{cite}`rumelhart1986learning` showed it; see {numref}`fig-3-1` and {ref}`sec-2`.",
    "1. first\n2. second\n10. tenth",
    "Chapter 4 does it with matrices; chapter 7 uses PyTorch.",
    "with $x = (0.5, 0.8)$, target 1, $w_{11} = 0.4$ and $\\eta = 0.5$",
    "the exercise input $x_2 = 0.3$",
    "`Network([2, 1, 1], \"sigmoid\")` and $L = \\tfrac{1}{2}(\\hat y - y)^2$",
    "(ch-backprop-by-hand)=\n# Title",
    "[a link](https://example.org/page2024.html)",
    "<!-- note 123 -->",
])
def test_checker_accepts_glue_given_values_and_markup(text):
    assert typed_numbers(text) == []


def test_allowed_numbers_are_exactly_the_given_values_and_the_structural_list():
    assert allowed_numbers() == {"0.5", "0.8", "0.3", "1", "0.4", "0.6", "0.1", "0.9", "0", "2"}


# ------------------------------------------------------------------- the chapter

def test_chapter_3_notebook_exists_with_prose():
    cells = markdown_cells()
    assert len(cells) > 10
    assert sum("fig-" not in c and "(bluish green, the colour of forward values, four decimals)" in c
               for c in cells) == 1  # captions are read
    assert sum(len(_GLUE_ROLE.findall(c)) for c in cells) > 30  # the numbers are glued, many of them


def _chapter_param(name: str):
    chapter = CHAPTERS[name]
    marks = [pytest.mark.xfail(strict=True, reason=chapter.xfail)] if chapter.xfail else []
    return pytest.param(name, id=f"chapter-{name}", marks=marks)


def _typed_in_chapter(name: str) -> list[str]:
    allowed = allowed_numbers(name)
    return [f"markdown cell {i} types {found}:\n{cell[:200]}"
            for i, cell in enumerate(markdown_cells(CHAPTERS[name].notebook))
            if (found := typed_numbers(cell, allowed))]


@pytest.mark.parametrize("name", [_chapter_param(n) for n in CHAPTERS])
def test_chapter_prose_has_no_typed_number(name):
    assert CHAPTERS[name].notebook.exists()
    problems = _typed_in_chapter(name)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("name", [n for n in CHAPTERS if n != "03"])
def test_every_allowed_number_is_still_typed_in_its_chapter(name):
    """The allow-lists stay minimal: a number the chapter no longer types (now glued) is removed."""
    found = {_canonical(n) for cell in markdown_cells(CHAPTERS[name].notebook)
             for n in _NUMBER.findall(strip_non_prose(cell))}
    stale = {n for n in CHAPTERS[name].allowed if _canonical(n) not in found}
    assert not stale, f"chapter {name}: remove {sorted(stale)} from its allow-list, the prose no longer types them"


def test_an_allow_list_does_not_let_a_typed_result_through():
    """The chapters' allow-lists still catch a typed result (a loss, a count, a year)."""
    for name in CHAPTERS:
        assert typed_numbers("The loss fell to 0.0538 after 37 updates in 1986.", allowed_numbers(name)) == \
            ["0.0538", "37", "1986"]


@pytest.mark.parametrize("name", list(CHAPTERS))
def test_every_glued_name_in_the_prose_is_glued_by_the_code(name):
    nb = json.loads(CHAPTERS[name].notebook.read_text())
    glued = {out["metadata"]["scrapbook"]["name"] for cell in nb["cells"] if cell["cell_type"] == "code"
             for out in cell.get("outputs", []) if "scrapbook" in out.get("metadata", {})}
    used = set()
    for cell in markdown_cells(CHAPTERS[name].notebook):
        used |= {m.split(":")[0] for m in re.findall(r"\{glue(?::\w*)?\}`([^`]*)`", cell)}
        used |= set(re.findall(r"^\s*`{3,}\{glue(?::\w+)?\}\s+(\S+)", cell, re.M))
    assert used, "the chapter glues nothing"
    assert used <= glued, f"glued in the text but not by the code: {sorted(used - glued)}"
