"""Banner tests run with the production cache setting, and every test starts and ends with an empty cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _cached_banners(settings):
    settings.NEWSROOM_BANNER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
