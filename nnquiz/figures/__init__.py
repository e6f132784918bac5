"""Figures drawn from a problem's numbers: SVG written as text, at generation time.

Pure like :mod:`nnquiz.nn`: no I/O, no randomness, no web, CLI or plotting library.
The same numbers give the same bytes on every machine (every coordinate is written to
0.1 by :func:`.svg.num`). Each kind of drawing is one module: :mod:`.network` (a network
with its weights; :mod:`.netparts` writes its edges and units, :mod:`.placement` places
its labels, :mod:`.presets` keeps the layouts searched ahead of time), :mod:`.chain`
(the vanishing-gradient chain), :mod:`.plane` (points in the plane), :mod:`.plot`
(curves on axes); :mod:`.layout` measures text and holds the boxes a drawing's overlap
test reads, :mod:`.svg` writes the elements, :mod:`.gallery` names the figures of the concept cards.
"""

from .figure import WHERE, Figure  # noqa: F401
