"""Demo surgeries and bookings for the demo town (see home.demo.DemoTown)."""


def build(town, log):
    """Past and upcoming surgeries in several places, with bookings."""
