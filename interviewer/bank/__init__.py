"""Loading, validating and selecting questions."""

from interviewer.bank.loader import Bank, load_bank

__all__ = ["Bank", "load_bank"]
