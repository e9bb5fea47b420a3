"""Photos of a feature: cleaned on the way in (`images.py`), kept beside the database (`store.py`)."""
