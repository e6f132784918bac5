"""nnquiz: learn the math of training neural networks."""

__version__ = "0.1.0"
