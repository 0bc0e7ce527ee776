"""Configuration mistakes stop the site at start-up with a message naming the variable and the value."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.cache import cache_from_url
from newsroom.env import env_bool, env_int, env_list, env_str
from tests.newsroom.test_settings import PRODUCTION, run_manage


@pytest.mark.parametrize("value", ["ten", "1.5", "1e3"])
def test_a_number_that_is_not_a_whole_number_is_named_in_the_error(monkeypatch, value):
    monkeypatch.setenv("NEWSROOM_RELATED_COUNT", value)
    with pytest.raises(ImproperlyConfigured, match=f"NEWSROOM_RELATED_COUNT must be a whole number, not '{value}'"):
        env_int("NEWSROOM_RELATED_COUNT", 4)


def test_a_negative_count_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSROOM_BANNER_DISMISS_DAYS", "-3")
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_BANNER_DISMISS_DAYS must be at least 0, not '-3'"):
        env_int("NEWSROOM_BANNER_DISMISS_DAYS", 30)


def test_unset_or_empty_variables_give_the_default(monkeypatch):
    monkeypatch.delenv("NEWSROOM_RELATED_COUNT", raising=False)
    monkeypatch.setenv("NEWSROOM_SITE_NAME", "  ")
    assert env_int("NEWSROOM_RELATED_COUNT", 4) == 4
    assert env_str("NEWSROOM_SITE_NAME", "Newsroom") == "Newsroom"


def test_values_are_read(monkeypatch):
    monkeypatch.setenv("NEWSROOM_RELATED_COUNT", " 6 ")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "news.example.org, ,www.news.example.org")
    monkeypatch.setenv("DJANGO_SECURE_HSTS_PRELOAD", "Off")
    assert env_int("NEWSROOM_RELATED_COUNT", 4) == 6
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["news.example.org", "www.news.example.org"]
    assert env_bool("DJANGO_SECURE_HSTS_PRELOAD", True) is False


def test_a_yes_no_variable_with_another_word_is_refused_rather_than_read_as_no(monkeypatch):
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "ture")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_SSL_REDIRECT must be one of .* not 'ture'"):
        env_bool("DJANGO_SECURE_SSL_REDIRECT", True)


def test_the_site_refuses_to_start_with_a_bad_number_and_says_which():
    result = run_manage("check", NEWSROOM_ARTICLES_PER_PAGE="ten", **PRODUCTION)
    assert result.returncode != 0
    assert "NEWSROOM_ARTICLES_PER_PAGE must be a whole number, not 'ten'" in result.stderr


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "redis:/127.0.0.1", "127.0.0.1:6379", "file:///tmp/cache"])
def test_an_unknown_cache_scheme_is_an_error_not_a_per_process_cache(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL has an unknown scheme"):
        cache_from_url(url)


def test_the_site_refuses_to_start_with_an_unknown_cache_scheme():
    result = run_manage("check", **{**PRODUCTION, "CACHE_URL": "memcache://127.0.0.1:11211"})
    assert result.returncode != 0
    assert "CACHE_URL has an unknown scheme: 'memcache://127.0.0.1:11211'" in result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
        ("redis://127.0.0.1:6379/0", "newsroom.cache.ResilientRedisCache"),
        ("rediss://cache.internal:6380/1", "newsroom.cache.ResilientRedisCache"),
    ],
)
def test_supported_cache_schemes(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_a_choice_names_the_allowed_values(monkeypatch):
    from newsroom.env import env_choice

    monkeypatch.setenv("NEWSROOM_ARABIC_DIGITS", "arabic-indic")
    assert env_choice("NEWSROOM_ARABIC_DIGITS", "western", ("western", "arabic-indic")) == "arabic-indic"
    monkeypatch.setenv("NEWSROOM_ARABIC_DIGITS", "hindi")
    with pytest.raises(ImproperlyConfigured, match="western, arabic-indic"):
        env_choice("NEWSROOM_ARABIC_DIGITS", "western", ("western", "arabic-indic"))
