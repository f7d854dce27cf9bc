"""interviewer: a keyboard-first terminal coach for deep-learning job interviews.

Kept free of imports so that `interviewer --version` starts fast.
"""

__version__ = "0.1.0"
