"""``python -m convert``: the same as the ``newsconvert`` command."""

from .cli import run

run()
