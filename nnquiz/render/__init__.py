"""Problems as text (terminal), JSON Lines and LaTeX (MathJax-ready Markdown).

``render`` and ``FORMATS`` load on first use, so the text helpers here (``fit``,
``unitex``) import without NumPy.
"""

from __future__ import annotations

__all__ = ["FORMATS", "render"]


def __getattr__(name: str):
    if name in __all__:
        from . import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
