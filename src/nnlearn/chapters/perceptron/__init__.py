"""Chapter 1, the perceptron: its widget (``widget.py``, ``widget.js``)."""
