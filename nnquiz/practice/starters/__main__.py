"""``python -m nnquiz.practice.starters``: rewrite the starter problems."""

from .make import main

main()
