"""Tests of convert.batching, one file per module of the package."""
