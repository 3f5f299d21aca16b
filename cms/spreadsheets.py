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


class SpreadsheetSafeExportMixin:
    """For Wagtail listing views with ``list_export``: every CSV cell goes through
    ``spreadsheet_safe``, and no download is kept by a browser or proxy cache.

    (Wagtail's XLSX export already writes text that looks like a formula as text.)
    """

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def write_csv_response(self, queryset):
        """Sent row by row as the rows are read (Wagtail's way), declared as the UTF-8 it is."""
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        response["Cache-Control"] = "private, no-store"
        return response
