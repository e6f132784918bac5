"""Problems as text (terminal), JSON Lines and LaTeX (MathJax-ready Markdown)."""

from .formats import FORMATS, render

__all__ = ["FORMATS", "render"]
