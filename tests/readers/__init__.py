"""Tests of the article readers, one file per module of convert.readers."""
