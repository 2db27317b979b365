"""Interactive widgets: each binds sliders to a pure, unit-tested function elsewhere in nnlearn.

A widget module holds only the binding (ipywidgets controls and an output);
what a widget shows is computed by a function that takes plain numbers and
returns plain data or a matplotlib figure, tested in ``tests/``.
"""
