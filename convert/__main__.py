"""``python -m convert``: the same as the ``newsconvert`` command."""

from .cli import main

main(prog_name="newsconvert")
