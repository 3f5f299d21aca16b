"""The one QR code drawer, used by the print edition and the newcomer's invitation."""

from cms.qr import qr_code_svg


def test_a_screen_reader_hears_the_codes_name_and_a_name_cannot_inject_markup():
    svg = qr_code_svg("https://example.org/join/abc", 'Invitation for <b>"Mo"</b>')
    assert svg.startswith('<svg role="img" aria-label="Invitation for &lt;b&gt;&quot;Mo&quot;&lt;/b&gt;"')
    assert "<b>" not in svg and "<script" not in svg


def test_the_code_is_black_on_white_whatever_the_page_colours():
    svg = qr_code_svg("https://example.org/", "QR code", scale=5)
    assert 'fill="#fff"' in svg and 'stroke="#000"' in svg
