"""``nnquiz serve``: practice in a local web page, a second face of the practice engine.

The terminal (``practice.session``) and this page are two views of one engine
(``practice.engine``): the same database, schedule, grading, undo, skip and flags.
The page adds no rule; it shows problems and concept cards with MathML made on the
server (``render.mathml``) and their figures, and posts plain HTML forms.

- :mod:`.server`: the socket, the token, uvicorn, a clean stop on Ctrl-C.
- :mod:`.guard`: the token, Host and Origin checks in front of every request.
- :mod:`.app`: the Starlette routes, forms, templates (``templates/serve/``).
- :mod:`.page`: what the page shows now, each form as one engine call.
- :mod:`.context`, :mod:`.views`, :mod:`.charts`: values for the templates, a problem
  and a card as HTML with MathML, the stats page's SVG charts.
"""
