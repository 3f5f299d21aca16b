"""Demo subscribers for the demo newsletters (see home.demo.DemoTown)."""


def build(town, log):
    """Confirmed, pending and unsubscribed subscribers for the demo newsletters."""
