"""Sessions a test started are stopped and closed after it, even when it fails."""

import pytest

from .driver import RUNNING


@pytest.fixture(autouse=True)
def _close_sessions():
    yield
    while RUNNING:
        RUNNING.pop().close()
