"""The fake fediverse server every test here follows from."""

import pytest

from .fake_server import FakeFediverse


@pytest.fixture
def fake(settings):
    """A local fediverse server (our delivery may reach it although it is on a private address)."""
    settings.FEDIVERSE_ALLOW_PRIVATE_ADDRESSES = True
    server = FakeFediverse()
    yield server
    server.stop()
