"""Tests of the PDF writer, one module per writer module."""
