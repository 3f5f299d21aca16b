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


def page_menu_buttons(buttons):
    """Offer ``buttons(page, user)`` (yielding Wagtail ``Button``s) in both page menus.

    A page's own header menu and the "More" menu of its row in a page listing always offer the
    same actions, so each app writes the buttons once and registers them here.
    """
    from wagtail import hooks

    @hooks.register("register_page_header_buttons")
    def header_buttons(page, user, view_name=None, next_url=None):
        yield from buttons(page, user)

    @hooks.register("register_page_listing_more_buttons")
    def listing_buttons(page, user, next_url=None):
        yield from buttons(page, user)

    return buttons
