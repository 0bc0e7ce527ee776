"""Which article a link to an old address means, whether one link or a body's thousands are asked."""

import pytest

from addresses.models import OldAddress
from addresses.selectors import article_id_for_url, article_ids_for_urls
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archives():
    """Two old sites both had /archives/10; one also had a post at /archives."""
    a, b, c = ArticleFactory(), ArticleFactory(), ArticleFactory()
    for host, path, article in (("a.org", "/archives/10", b), ("b.org", "/archives/10", c), ("a.org", "/archives", a)):
        OldAddress.objects.create(host=host, path=path, article=article)
    return a, b, c


@pytest.mark.parametrize("url, expected", [
    ("http://a.org/archives/10", 1),
    ("https://www.b.org/archives/10/", 2),
    ("http://a.org/archives/10/amp/", 1),  # the AMP form of a.org's own /archives/10
    ("http://a.org/archives/3", 0),  # page 3 of a.org's /archives
    # Two sites had it and this link names neither: ambiguous, never page 10 of a third site's /archives.
    ("http://c.org/archives/10", None),
])
def test_a_link_leads_to_the_article_its_site_meant(archives, url, expected):
    want = archives[expected].pk if expected is not None else None
    assert article_ids_for_urls([url]).get(url) == want
    assert article_id_for_url(url) == want  # one link is read as a body's links are


def test_an_ambiguous_address_on_a_host_no_site_had_stays_a_404(archives, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert client.get("/archives/10", headers={"host": "c.org"}).status_code == 404
    assert client.get("/archives/10", headers={"host": "a.org"})["Location"] == archives[1].get_absolute_url()
