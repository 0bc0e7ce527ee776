"""Banner tests run with the production cache setting, and every test starts and ends with an empty cache."""

import pytest


@pytest.fixture(autouse=True)
def _cached_banners(settings, empty_cache):
    settings.NEWSROOM_BANNER_CACHE_SECONDS = 60
