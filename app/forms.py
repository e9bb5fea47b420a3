"""What every form shares."""


def strip(value):
    """Spaces around a typed value are never meant: '  ' is an empty name."""
    return value.strip() if isinstance(value, str) else ("" if value is None else value)
