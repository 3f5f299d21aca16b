"""The posted text fits each service's limit, and the link and hashtag are never cut."""

from crossposting.compose import LIMITS, compose
from crossposting.services import bluesky_facets

LINK = "https://kingstanding.example/kingstanding-watch/bins/"


def test_a_long_title_is_cut_to_fit_but_link_and_hashtag_stay_whole():
    title = "Residents' meeting 🏘️ " * 60
    for service, limit in LIMITS.items():
        text = compose(title, LINK, "#Kingstanding", service)
        assert len(text) <= limit
        assert text.endswith(f"\n{LINK} #Kingstanding")
        assert text.split("\n")[0].endswith("…")


def test_facets_count_bytes_not_characters():
    text = compose("Café 🏘️ opening", LINK, "#Kingstanding", "bluesky")
    link, tag = bluesky_facets(text, LINK, "#Kingstanding")
    data = text.encode()
    assert data[link["index"]["byteStart"] : link["index"]["byteEnd"]] == LINK.encode()
    assert data[tag["index"]["byteStart"] : tag["index"]["byteEnd"]] == b"#Kingstanding"
