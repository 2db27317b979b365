"""Figures of the book, one module per idea; every figure takes its colours from :mod:`nnlearn.style`."""
