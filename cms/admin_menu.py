"""Where Patchwork's items sit in the admin's main menu, in one place.

Lower numbers come first. Wagtail's own items sit at Pages 100, Images 300,
Documents 400, Snippets 500, Reports 9000, Settings 10000 and Help 11000.
Each item shows only to the people it is for, so the order is what each of them sees:
a newcomer starts at "Getting started"; an organiser on the day of a surgery needs the
bookings first, then the hand-over and the help log; editors find their newsletters'
subscribers and their centres' enquiries after Pages.
"""

MENU_ORDER = {
    "getting-started": 50,
    "surgery-bookings": 60,
    "network-helpers": 65,
    "set-up-newcomer": 70,
    "help-log": 80,
    "impact": 90,
    # Wagtail's "Pages": 100
    "subscribers": 150,
    "room-hire-enquiries": 160,
    "planet-feeds": 170,
}
