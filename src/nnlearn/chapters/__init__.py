"""One package per chapter of the book (issue 23's layout), in book order: ``perceptron`` (ch1), ``descent``
(ch2), ``by_hand`` (ch3), ``backprop`` (ch4), ``xor`` (ch5), ``vanishing`` (ch6), ``pytorch`` (ch7).

Each holds what only its chapter needs, e.g. ``widget.py`` (the Python side of the chapter's widget) and
``widget.js`` (its browser side, bundled into ``widget.bundle.js`` by ``make``).
"""
