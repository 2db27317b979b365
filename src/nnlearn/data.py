r"""Small data sets generated in code, seeded: nothing is downloaded.

Every function returns ``X`` of shape ``(n, d)`` (one example per row, float64)
and labels ``y`` of shape ``(n,)``.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice

__all__ = ["GATES", "logic_gate"]

_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

#: The truth tables of the logic gates, in the order of the inputs (0,0), (0,1), (1,0), (1,1).
GATES: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
    "NAND": (1, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The four points of a two-input logic gate: ``X`` of shape ``(4, 2)`` and labels ``y`` of shape ``(4,)``.

    ``name`` is ``"AND"``, ``"OR"``, ``"XOR"`` or ``"NAND"`` (upper case, as in
    the book). Returns fresh arrays, so changing them changes nothing here.
    """
    check_choice(name, "name", GATES)
    return _INPUTS.copy(), np.array(GATES[name], dtype=np.float64)
