"""The one JSON-LD writer every page type uses: what an editor types can never end the script."""

import datetime
import json
import re

from cms.structured_data import json_ld_script


def script_body(html):
    return re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', str(html), re.S).group(1)


def test_an_editors_text_cannot_close_the_script_or_open_a_comment():
    title = "</script><script>alert(1)</script> <!-- & \u2028 \u2029"
    body = script_body(json_ld_script({"name": title}))
    for character in ("<", ">", "&", "\u2028", "\u2029"):
        assert character not in body
    assert json.loads(body) == {"name": title}


def test_dates_and_accented_names_read_back_as_written():
    data = {"name": "Café Ørsted", "startDate": datetime.date(2026, 3, 4)}
    assert json.loads(script_body(json_ld_script(data))) == {"name": "Café Ørsted", "startDate": "2026-03-04"}
