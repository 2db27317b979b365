"""One package per chapter of the book (issue 23's layout), in book order: ``perceptron`` (ch1), ``descent``
(ch2), ``by_hand`` (ch3), ``backprop`` (ch4), ``xor`` (ch5), ``vanishing`` (ch6), ``pytorch`` (ch7),
``representation`` (ch8), ...

Each holds what only its chapter needs: ``compute.py`` (the experiments, returning plain data), ``figures.py``
(the figures drawn from that data), ``exercises.py`` (the checkers of its coding exercises) and, for a chapter
with a widget, ``widget.py``.
"""
