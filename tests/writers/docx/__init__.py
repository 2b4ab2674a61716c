"""Tests of the DOCX writer, one module per writer module (plus goldens and real consumers)."""
