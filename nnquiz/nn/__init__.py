"""The reference network: activations, losses, an MLP that keeps every value, FGSM.

Pure NumPy. It knows nothing of questions; ``nnquiz.problems`` builds on it.
"""

from .activations import ACTIVATIONS, Activation, log_softmax, sigmoid, softmax
from .fgsm import fgsm
from .gradcheck import max_gradient_error, numeric_grad, numeric_grads
from .losses import LOSSES, Loss, bce, bce_logits, cross_entropy, cross_entropy_logits, mse
from .mlp import MLP, Layer, Trace

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "MLP",
    "Activation",
    "Layer",
    "Loss",
    "Trace",
    "bce",
    "bce_logits",
    "cross_entropy",
    "cross_entropy_logits",
    "fgsm",
    "log_softmax",
    "max_gradient_error",
    "mse",
    "numeric_grad",
    "numeric_grads",
    "sigmoid",
    "softmax",
]
