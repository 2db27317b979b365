"""How the book is made (issue 23's ``nnlearn.book``): machinery no engine user needs.

- :mod:`nnlearn.book.widgets`: the widgets that compute in the reader's browser (anywidget ES modules
  bundled by esbuild, drawn with d3), their controls declared once in Python.
"""
