"""Chapter 3, backpropagation by hand: its widget (``widget.py``, ``widget.js``)."""
