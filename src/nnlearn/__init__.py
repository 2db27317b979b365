"""nnlearn: the small neural-network engine of the book *How Neural Networks Learn*.

One idea per module:

- :mod:`nnlearn.activations`: activation functions with their derivatives
- :mod:`nnlearn.losses`: losses with their gradients
- :mod:`nnlearn.init`: weight initialisers
- :mod:`nnlearn.layers`: the dense layer
- :mod:`nnlearn.network`: a network of layers, forward pass and backpropagation
- :mod:`nnlearn.optim`: gradient descent, momentum, Adam; gradient clipping
- :mod:`nnlearn.train`: the training loop and its history
- :mod:`nnlearn.gradcheck`: gradient checking by central differences
- :mod:`nnlearn.diagnostics`: per-layer gradient norms, dead ReLU units
- :mod:`nnlearn.data`: small data sets generated in code
- :mod:`nnlearn.style`: the book's colours and figure defaults
- :mod:`nnlearn.precision`: the precision policy of every saved output (glue through it) and the
  number formatters the chapters and figures share
- :mod:`nnlearn.perceptron`, :mod:`nnlearn.linear`: Rosenblatt's perceptron; stacked linear layers collapse
- :mod:`nnlearn.descent`: two-parameter problems for seeing gradient descent and learning rates
- :mod:`nnlearn.by_hand`: backpropagation on a 2-1-1 network as scalar arithmetic
- :mod:`nnlearn.source`: show the package's own source in a notebook
- :mod:`nnlearn.exercises`: checkers for the coding exercises (``check_<exercise>(your_function)``)
- :mod:`nnlearn.plots`, :mod:`nnlearn.widgets`: the book's figures, and widgets declared once
  (controls and a pure function), live in JupyterLab and precomputed in the HTML book
"""

from .activations import ACTIVATIONS, get_activation, sigmoid, softmax
from .layers import Dense
from .losses import LOSSES, get_loss
from .gradcheck import gradient_check, numerical_gradients
from .network import Network, count_parameters
from .optim import get_optimizer
from .source import show_source

__all__ = ["ACTIVATIONS", "LOSSES", "Dense", "Network", "count_parameters", "get_activation",
           "get_loss", "get_optimizer", "gradient_check", "numerical_gradients", "show_source", "sigmoid",
           "softmax"]
__version__ = "0.1.0"

# `train` is not re-exported here: the name belongs to the module nnlearn.train (use
# `from nnlearn.train import train`), and a function of the same name would hide it.
