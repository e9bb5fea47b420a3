"""Realised expenses: what a funded project really spent on each budget line, and the receipts that prove it."""
