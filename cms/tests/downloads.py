"""Reading what the admin's downloads send, for tests."""


def downloaded_text(response):
    """The text of a download sent row by row (a CSV export), as the browser saves it."""
    assert response.streaming, "a download is sent as its rows are read, not built whole first"
    return b"".join(response.streaming_content).decode()
