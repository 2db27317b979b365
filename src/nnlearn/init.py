r"""Weight initialisers: how to draw a layer's starting :math:`W` (shape ``(n_in, n_out)``).

Biases always start at 0. Every initialiser draws from a
``numpy.random.Generator`` that the caller seeds, so the same seed gives the
same network on every machine.

=========  =====================================================  ===============================
name       distribution of each :math:`W_{jk}`                    reference
=========  =====================================================  ===============================
small      :math:`\mathcal N(0, 0.01^2)`                          the classic "small random"
normal     :math:`\mathcal N(0, s^2)` with ``scale`` :math:`s`    for experiments with the scale
xavier     :math:`U(-r, r)`, :math:`r = \sqrt{6/(n_{in}+n_{out})}`  Glorot & Bengio (2010)
he         :math:`\mathcal N(0, 2/n_{in})`                        He et al. (2015), for ReLU
=========  =====================================================  ===============================
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_positive, check_positive_int

__all__ = ["INITIALISERS", "initial_weights"]

INITIALISERS = ("small", "normal", "xavier", "he")


def initial_weights(name: str, n_in: int, n_out: int, rng: np.random.Generator,
                    scale: float | None = None, dtype=np.float64) -> np.ndarray:
    """Draw a weight matrix of shape ``(n_in, n_out)`` with the initialiser ``name``.

    ``scale`` is the standard deviation for ``"normal"`` (default 1.0) and is
    not accepted by the others. Raises ``ValueError`` for an unknown name and
    ``TypeError`` unless ``rng`` is a ``numpy.random.Generator``.
    """
    check_choice(name, "init", INITIALISERS)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}")
    n_in = check_positive_int(n_in, "n_in")
    n_out = check_positive_int(n_out, "n_out")
    if scale is not None and name != "normal":
        raise ValueError(f"scale applies only to init='normal', not {name!r}")
    shape = (n_in, n_out)
    if name == "small":
        W = rng.normal(0.0, 0.01, shape)
    elif name == "normal":
        W = rng.normal(0.0, 1.0 if scale is None else check_positive(scale, "scale"), shape)
    elif name == "xavier":
        r = np.sqrt(6.0 / (n_in + n_out))
        W = rng.uniform(-r, r, shape)
    else:  # he
        W = rng.normal(0.0, np.sqrt(2.0 / n_in), shape)
    return W.astype(dtype)
