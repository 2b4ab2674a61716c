"""Readers: bytes -> Document. One module per input format (see convert.registry)."""
