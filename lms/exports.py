"""Helpers for the CSV files people download and open in spreadsheet programs."""


def spreadsheet_safe(value):
    """Text starting with = + - or @ would run as a formula when opened: it gets a leading
    quote. Numbers stay numbers (a negative correction is not a formula); None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
