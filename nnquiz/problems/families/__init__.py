"""The problem families: one module each, listed here in the order of the course notes.

A family module defines ``draw`` and ``build`` (and ``validate``, ``default_asks``) and
ends with ``FAMILY = Family(...)`` (see :mod:`nnquiz.problems.family`). Adding a family
is one file in this folder and its name in ``BUILTIN_MODULES`` below: every command
(generate, show, check, solve, export, practice, homework) reads this list through the
registry, in this order. It imports nothing, so that ``nnquiz practice`` knows the
families before it imports any of them (and NumPy).
"""

BUILTIN_MODULES = (
    "perceptron",
    "separable",
    "neuron",
    "forward",
    "activation_derivative",
    "backprop",
    "sgd",
    "softmax",
    "cross_entropy",
    "bce",
    "count_params",
    "lr_schedule",
    "regularization",
    "dropout",
    "early_stopping",
    "vanishing",
    "fgsm",
)
