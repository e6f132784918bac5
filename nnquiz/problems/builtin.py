"""The built-in problem family modules, in the order of the course notes.

Adding a family means adding its module to ``nnquiz/problems`` and its name here; every
interface (generate, show, check, export, practice, homework) reads this list through
``registry.BUILTIN_MODULES``. It lives in a module of its own, free of NumPy, so that
``nnquiz practice`` can know the families before it imports any of them.
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
