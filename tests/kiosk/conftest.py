"""One real kiosk app, headless, shared by the UI tests (Kivy opens one window per process)."""

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kiosk(shipped_content):
    from installation.loading.profile import load_profile_or_raise
    from installation.testing.pilot import start_pilot

    profile = load_profile_or_raise(REPOSITORY / "hardware_config" / "desktop.yaml")
    return start_pilot(shipped_content, profile)


@pytest.fixture
def fresh(kiosk):
    """The shared kiosk, back in its attract loop with a new journey."""
    kiosk.app.staff.close()
    kiosk.app.restart_journey()
    kiosk.frames(2)
    return kiosk
