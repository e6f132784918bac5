"""nnquiz: learn the math of training neural networks."""

__version__ = "0.2.0"
