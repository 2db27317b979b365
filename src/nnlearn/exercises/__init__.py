r"""Coding exercises that check the reader's answer.

The reader writes a function and hands it to a checker, ``check_<exercise>(their_function)``.
The checker calls it on random inputs and on edge cases (zeros, saturated units, a batch of one,
non-square shapes), compares every output with nnlearn's own computation and, for gradients, with
central finite differences, all in float64, and returns a :class:`CheckResult`: a verdict in words
that displays as a coloured box in a notebook and as plain text anywhere else.

- On success: "passed", with the cases that were checked and the tolerance.
- On failure: the first failing case, its input, the reader's output, the expected value and a hint
  (the hint names a typical mistake when the output matches one: a wrong sign, a missing factor such
  as the :math:`1/n` or :math:`\sigma'`, a transposed result).
- A function that still raises ``NotImplementedError`` (the stub in the notebook) is "not written
  yet"; a function that raises anything else is reported with the exception's type and message.
  No traceback ever comes out of a checker.

Every number a verdict shows is rounded to 6 significant digits, so a saved verdict is the same on
every machine. ``result.passed`` is a bool, for tests.

Which chapter uses which checker (the reader's function, then what it returns):

======  ====================================  ============================================================
ch.     checker                               the reader writes
======  ====================================  ============================================================
1       :func:`check_perceptron_update`       ``update(w, b, x, y, eta) -> (w_new, b_new)``
1       :func:`check_predict`                 ``predict(X, w, b) -> y_hat``, classes 0/1, shape ``(n,)``
1       :func:`check_count_parameters`        ``count(sizes) -> int``
2       :func:`check_mse_gradient`            ``mse_gradient(y_hat, y) -> dL/dy_hat``
2       :func:`check_gradient_step`           ``gd_step(w, b, x, y, eta) -> (w_new, b_new)``
2       :func:`check_bce_gradient`            ``bce_gradient(z, y) -> dL/dz``
3       :func:`check_forward_pass`            ``forward(x1, x2, y, w11, w12, b1, w2, b2) -> (z1, a1, z2, y_hat, L)``
3       :func:`check_backward_pass`           ``backward(x1, x2, y, w11, w12, b1, w2, b2)
                                              -> (dw11, dw12, db1, dw2, db2)``
4       :func:`check_tanh_delta`              ``tanh_delta(z, grad_a) -> delta`` (or ``tanh_delta(a, grad_a)``)
4       :func:`check_dense_backward`          ``dense_backward(a_prev, W, delta) -> (dW, db, grad_a_prev)``
5       :func:`check_xor_epoch`               ``xor_epoch(params, X, y, eta) -> new params``
5       :func:`check_success_test`            ``success(y_hat, y) -> bool``
6       :func:`check_he_init`                 ``he_init(n_in, n_out, rng) -> W``
6       :func:`check_layer_gradient_norms`    ``layer_gradient_norms(net, X, y, loss) -> norms``
7       :func:`check_mul_backward`            ``mul_backward(a, b, out_grad) -> (grad_a, grad_b)``
7       :func:`check_tanh_backward`           ``tanh_backward(x, out_grad) -> grad_x``
======  ====================================  ============================================================

Shapes follow the book: one example per row, ``W`` of shape ``(n_in, n_out)``.
"""

from ._core import ATOL, FD_EPS, FD_TOL, RTOL, CheckResult
from .autograd import check_mul_backward, check_tanh_backward
from .basics import (check_backward_pass, check_bce_gradient, check_count_parameters, check_forward_pass,
                     check_gradient_step, check_mse_gradient, check_perceptron_update, check_predict)
from .networks import (check_dense_backward, check_he_init, check_layer_gradient_norms, check_success_test,
                       check_tanh_delta, check_xor_epoch)

__all__ = [
    "CheckResult", "RTOL", "ATOL", "FD_EPS", "FD_TOL",
    "check_perceptron_update", "check_predict", "check_count_parameters",
    "check_mse_gradient", "check_gradient_step", "check_bce_gradient",
    "check_forward_pass", "check_backward_pass",
    "check_tanh_delta", "check_dense_backward",
    "check_xor_epoch", "check_success_test",
    "check_he_init", "check_layer_gradient_norms",
    "check_mul_backward", "check_tanh_backward",
]
