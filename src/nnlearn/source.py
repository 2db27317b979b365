"""Show the package's own source code in a notebook.

Where the book wants the reader to read code (an update rule, a backward pass),
it shows the source that the tests check, never a copy:
``show_source(nnlearn.perceptron.perceptron_update)``. The result renders as a
Python code block in Jupyter and in the HTML book, and its plain-text form is
the source itself, so nbval notices if the committed output ever differs from
the current code. No file path or line number is shown: the output is the same
on every machine.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

__all__ = ["SourceCode", "get_source", "marked_lines", "show_lines", "show_source"]


class SourceCode:
    """Python source text that displays as a highlighted code block.

    ``name`` is the qualified name of the object (e.g. ``"Perceptron.predict"``),
    ``code`` its source. ``_repr_markdown_`` gives a fenced ``python`` block;
    ``repr`` (the ``text/plain`` output) is the code itself.
    """

    def __init__(self, name: str, code: str):
        self.name = name
        self.code = code

    def _repr_markdown_(self) -> str:
        fence = "```"
        while fence in self.code:
            fence += "`"
        return f"{fence}python\n{self.code}\n{fence}\n"

    def __repr__(self) -> str:
        return self.code

    def __str__(self) -> str:
        return self.code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceCode) and (self.name, self.code) == (other.name, other.code)

    def __hash__(self) -> int:
        return hash((self.name, self.code))


def _unwrap(obj: Any) -> Any:
    """The function behind a bound method, property, staticmethod or classmethod."""
    if isinstance(obj, property):
        return obj.fget
    if isinstance(obj, (staticmethod, classmethod)):
        return obj.__func__
    return getattr(obj, "__func__", obj)


def _strip_docstring(code: str) -> str:
    """Remove the docstring of the function or class defined by ``code`` (dedented source)."""
    tree = ast.parse(code)
    node = tree.body[0]
    body = getattr(node, "body", [])
    if not (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        return code
    doc = body[0]
    lines = code.splitlines()
    if len(body) == 1:  # only a docstring: keep the body valid Python
        indent = lines[doc.lineno - 1][: doc.col_offset]
        lines[doc.lineno - 1: doc.end_lineno] = [indent + "..."]
    else:
        del lines[doc.lineno - 1: doc.end_lineno]
    return "\n".join(lines)


def get_source(obj: Any, *, docstring: bool = True) -> str:
    """The source text of a function, method, property or class of ``nnlearn``, dedented.

    With ``docstring=False`` the object's docstring is left out (decorators and
    comments stay). Raises ``TypeError`` for an object that has no Python
    source (a number, a built-in) and ``ValueError`` for an object from
    another package.
    """
    if not isinstance(docstring, bool):
        raise TypeError(f"docstring must be True or False, got {type(docstring).__name__}")
    target = _unwrap(obj)
    if not (inspect.isfunction(target) or inspect.isclass(target)):
        raise TypeError(f"obj must be a function, method, property or class of nnlearn, "
                        f"got {type(obj).__name__}")
    module = getattr(target, "__module__", None) or ""
    if module != "nnlearn" and not module.startswith("nnlearn."):
        raise ValueError(f"obj must come from the nnlearn package, but {target.__qualname__} "
                         f"is from {module or 'an unknown module'!r}")
    try:
        code = textwrap.dedent(inspect.getsource(target))
    except (OSError, TypeError) as exc:
        raise TypeError(f"no source is available for {target.__qualname__}: {exc}") from None
    if not docstring:
        code = _strip_docstring(code)
    return code.rstrip("\n")


def show_source(obj: Any, *, docstring: bool = True) -> SourceCode:
    """Display the source of ``obj`` (a function, method, property or class of ``nnlearn``) in a
    notebook as a Python code block; see :func:`get_source` for ``docstring`` and the errors."""
    target = _unwrap(obj)
    code = get_source(obj, docstring=docstring)
    return SourceCode(getattr(target, "__qualname__", str(target)), code)


def marked_lines(code: str, marker: str) -> str:
    """The lines of ``code`` that a comment containing ``marker`` introduces, dedented.

    The block is the comment line itself and the code lines right below it, up to the next
    comment line, blank line or a line indented less than the comment. A chapter uses it to put
    one equation next to the one line that implements it, e.g. ``marked_lines(code, "(BP3)")``
    on a function whose body reads::

        # (BP3) dL/db^l = delta^l, summed over the examples (rows)
        self.db = self.delta.sum(axis=0)

    Raises ``TypeError`` when ``code`` or ``marker`` is not a string, ``ValueError`` when the
    marker is empty, appears in no comment, or in more than one.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a string of source text, got {type(code).__name__}")
    if not isinstance(marker, str):
        raise TypeError(f"marker must be a string, got {type(marker).__name__}")
    if not marker.strip():
        raise ValueError("marker must be a non-empty string")
    lines = code.splitlines()
    starts = [i for i, line in enumerate(lines)
              if line.lstrip().startswith("#") and marker in line]
    if not starts:
        raise ValueError(f"no comment line contains the marker {marker!r}")
    if len(starts) > 1:
        raise ValueError(f"the marker {marker!r} appears in {len(starts)} comment lines; it must name one")
    start = starts[0]
    indent = len(lines[start]) - len(lines[start].lstrip())
    block = [lines[start]]
    for line in lines[start + 1:]:
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or len(line) - len(stripped) < indent:
            break
        block.append(line)
    return textwrap.dedent("\n".join(block))


def show_lines(obj: Any, marker: str) -> SourceCode:
    """Display only the lines of ``obj``'s source that the comment holding ``marker`` introduces
    (see :func:`marked_lines`): one equation's line of a longer function, taken from the package
    itself rather than copied. Raises as :func:`get_source` and :func:`marked_lines` do."""
    target = _unwrap(obj)
    code = marked_lines(get_source(obj, docstring=False), marker)
    return SourceCode(f"{getattr(target, '__qualname__', str(target))} [{marker}]", code)
