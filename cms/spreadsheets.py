"""Making exported spreadsheet (CSV) cells safe to open.

A cell that starts with = + - @ (or a tab or carriage return, which some programs
skip before looking) is run as a formula by Excel, LibreOffice and Google Sheets,
so a name typed as ``=HYPERLINK("http://evil.example","Click")`` on a public form
would become a live link, or worse, in an organiser's spreadsheet. Every CSV
export passes its cells through ``spreadsheet_safe``.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that would start a formula gets a leading apostrophe, which spreadsheets show as plain text.

    Numbers, dates and empty cells are left as they are, so they keep their type.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
