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
"""

from .activations import ACTIVATIONS, get_activation, sigmoid, softmax
from .layers import Dense
from .losses import LOSSES, get_loss
from .network import Network, count_parameters

__all__ = ["ACTIVATIONS", "LOSSES", "Dense", "Network", "count_parameters", "get_activation",
           "get_loss", "sigmoid", "softmax"]
__version__ = "0.1.0"
