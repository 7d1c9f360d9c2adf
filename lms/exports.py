"""Helpers for the CSV files people download and open in spreadsheet programs."""


def spreadsheet_safe(value):
    """Text starting with = + - or @ would run as a formula when opened: it gets a leading
    quote. Numbers stay numbers (a negative correction is not a formula); None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def xlsx_append(sheet, values) -> None:
    """Append a row to an openpyxl sheet with every text kept as text: openpyxl would store
    a text starting with "=" as a formula that runs when the file is opened."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
