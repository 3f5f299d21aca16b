"""Demo help-log entries and a set-up newcomer (see home.demo.DemoTown)."""


def build(town, log):
    """Help records from past surgeries, one with a newcomer's publication."""
