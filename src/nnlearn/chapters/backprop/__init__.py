"""Chapter 4, backpropagation for any network: its step-through widget (``widget.py``, ``widget.js``)."""
