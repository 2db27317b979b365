"""nnlearn: the small neural-network engine of the book *How Neural Networks Learn*.

The layout rule
---------------
- **The engine is organised by idea**: one module per idea of the field
  (activations, losses, layers, network, optim, train, batched, gradcheck,
  diagnostics, data, init). A module holds that idea's code and nothing
  chapter-specific; a helper that several modules need goes down to the
  module of its idea (input checks in ``_checks``, data sets in ``data``,
  norms in ``optim``), never copied.
- **Chapter modules hold worked examples and experiments** (``perceptron``,
  ``linear``, ``descent``, ``by_hand``): what one chapter computes and shows,
  built on the engine, each result a tested function the notebook calls.
- **Figures are organised by idea** (:mod:`nnlearn.plots`: boundaries, loss
  surfaces and descent paths, graphs), and :mod:`nnlearn.widgets` holds short
  declarations of sliders bound to pure, tested functions.

The engine
----------
- :mod:`nnlearn.activations`: activation functions with their derivatives
- :mod:`nnlearn.losses`: losses with their gradients
- :mod:`nnlearn.init`: weight initialisers
- :mod:`nnlearn.layers`: the dense layer and the residual block, each with its forward and backward pass
- :mod:`nnlearn.network`: a network of layers, forward pass and backpropagation
- :mod:`nnlearn.optim`: gradient descent, momentum, Adam; gradient clipping and overflow-safe norms
- :mod:`nnlearn.train`: the training loop, its history and the record of a divergence
- :mod:`nnlearn.batched`: many networks of the same shape trained at once
- :mod:`nnlearn.gradcheck`: gradient checking by central differences
- :mod:`nnlearn.diagnostics`: per-layer gradient norms, dead ReLU units
- :mod:`nnlearn.data`: small data sets generated in code
- :mod:`nnlearn.style`: the book's colours and figure defaults
- :mod:`nnlearn.source`: show the package's own source in a notebook
- :mod:`nnlearn.precision`: the precision policy of every saved output (glue through it) and the
  number formatters the chapters and figures share
- :mod:`nnlearn.autograd`: a scalar reverse-mode autodiff engine (``Value``), micrograd's names
- :mod:`nnlearn.exercises`: checkers for the coding exercises (``check_<exercise>(your_function)``)

Chapter modules
---------------
- :mod:`nnlearn.perceptron`, :mod:`nnlearn.linear`: Rosenblatt's perceptron; stacked linear layers collapse
- :mod:`nnlearn.descent`: two-parameter problems for seeing gradient descent and learning rates
- :mod:`nnlearn.by_hand`: backpropagation on a 2-1-1 network as scalar arithmetic
- :mod:`nnlearn.backprop_general`: chapter 4, backpropagation for any network: shapes, cache memory,
  gradient checks and planted bugs, counted and measured cost, the step-through visualiser's frames
- :mod:`nnlearn.xor`: learning XOR: a published run reproduced, many seeds at once, learning rate x scale
- :mod:`nnlearn.vanishing`: vanishing and exploding gradients measured on the digits
- :mod:`nnlearn.torch_compare`: the same networks in PyTorch, compared number by number

Figures and widgets
-------------------
- :mod:`nnlearn.plots`, :mod:`nnlearn.widgets`: the book's figures, and widgets declared once
  (controls and a pure function), live in JupyterLab and precomputed in the HTML book
"""

from .activations import ACTIVATIONS, get_activation, sigmoid, softmax
from .layers import Dense, Residual
from .losses import LOSSES, get_loss
from .gradcheck import gradient_check, numerical_gradients
from .network import Network, count_parameters
from .optim import get_optimizer
from .source import show_source

__all__ = ["ACTIVATIONS", "LOSSES", "Dense", "Network", "Residual", "count_parameters", "get_activation",
           "get_loss", "get_optimizer", "gradient_check", "numerical_gradients", "show_source", "sigmoid",
           "softmax"]
__version__ = "0.1.0"

# `train` is not re-exported here: the name belongs to the module nnlearn.train (use
# `from nnlearn.train import train`), and a function of the same name would hide it.
