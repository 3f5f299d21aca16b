"""HTML that leaves the site (feed items, emails) and so must stand on its own.

Feed readers and mail clients have no "current page" to resolve relative
addresses against, and mail clients must never meet a script or an event
handler. One helper for each, shared by every app that sends HTML away.
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup


def absolutize_urls(html, base_url):
    """Make every link, image and form address in ``html`` absolute against ``base_url``."""
    soup = BeautifulSoup(html, "html.parser")
    for attribute in ("href", "src", "action"):
        for element in soup.find_all(attrs={attribute: True}):
            element[attribute] = urljoin(base_url, element[attribute])
    for element in soup.find_all(srcset=True):
        candidates = []
        for candidate in element["srcset"].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base_url, url)} {descriptor}".strip())
        element["srcset"] = ", ".join(candidates)
    return str(soup)
