"""Chapter 2, losses and gradient descent: its widget (``widget.py``, ``widget.js``)."""
