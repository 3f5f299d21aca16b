"""Demo newsletters and blogs for the demo town (see home.demo.DemoTown)."""


def build(town, log):
    """A Neighbourhood Watch newsletter with a year of issues and a community blog."""
