"""How long work that failed waits before its next try: one back-off rule for every task."""

from datetime import timedelta


def backoff(failures, *, first=timedelta(minutes=1), factor=2, most=None):
    """``first`` after the first failure, ``factor`` times longer after each further one, at most ``most``."""
    wait = first * factor ** max(failures - 1, 0)
    return min(wait, most) if most is not None else wait
