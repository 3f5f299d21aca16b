"""When a community centre is open: the usual weekly hours, overridden by dated exceptions.

Pure functions over lists already loaded from the database (the page prefetches
its hours once), so working out "open now", "today" and the week ahead costs no
queries. All dates and times are the site's local time (``settings.TIME_ZONE``).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone


def local_now():
    """Now on the centre's clocks: the site's time zone, whatever a request has activated."""
    return datetime.now(tz=timezone.get_default_timezone())


@dataclass(frozen=True, order=True)
class Opening:
    """One stretch of time the doors are open, e.g. 09:00 to 12:30."""

    opens: time
    closes: time

    def covers(self, moment):
        return self.opens <= moment < self.closes


@dataclass
class DayHours:
    """The opening times of one date, and the exception that set them, if any."""

    day: date
    openings: list = field(default_factory=list)
    exception: object = None

    @property
    def is_closed(self):
        return not self.openings

    def is_open_at(self, moment):
        return any(opening.covers(moment) for opening in self.openings)

    def closes_after(self, moment):
        """When the current opening ends, if the centre is open at ``moment``."""
        for opening in self.openings:
            if opening.covers(moment):
                return opening.closes
        return None

    def next_opening_after(self, moment):
        return next((opening.opens for opening in self.openings if opening.opens > moment), None)


def exceptions_on(day, exceptions):
    return [exception for exception in exceptions if exception.applies_to(day)]


def hours_on(day, weekly_hours, exceptions):
    """The hours of ``day``: its exceptions when there are any, else the usual weekday hours.

    An exception marked "closed" closes the whole day, even if another exception
    for the same day gives special hours.
    """
    todays_exceptions = exceptions_on(day, exceptions)
    if todays_exceptions:
        first = todays_exceptions[0]
        if any(exception.closed for exception in todays_exceptions):
            closing = next(exception for exception in todays_exceptions if exception.closed)
            return DayHours(day=day, openings=[], exception=closing)
        openings = sorted(Opening(exception.opens, exception.closes) for exception in todays_exceptions)
        return DayHours(day=day, openings=openings, exception=first)
    openings = sorted(
        Opening(hours.opens, hours.closes) for hours in weekly_hours if hours.weekday == day.weekday()
    )
    return DayHours(day=day, openings=openings)


def is_open_at(moment, weekly_hours, exceptions):
    """Whether the doors are open at ``moment`` (an aware datetime, any time zone)."""
    local = moment.astimezone(timezone.get_default_timezone())
    return hours_on(local.date(), weekly_hours, exceptions).is_open_at(local.time())
