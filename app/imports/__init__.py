"""Importing a file into a map: read it (`reading.py`), show what it holds, then write every item or none."""
