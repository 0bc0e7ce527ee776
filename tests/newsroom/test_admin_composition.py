"""The one article admin is assembled by the project from the apps' parts, and works on any admin site.

The module doubles as a URLconf with a second admin site ("desk"), so the
tests can check that every link the article admin makes uses the site it is
served from, never a hard-coded ``admin:`` namespace.
"""

import pytest
from django.contrib import admin
from django.urls import path

from articles import admin as articles_admin
from articles import services
from articles.models import Article, Author, Section, Tag
from newsroom import urls as site_urls
from newsroom.admin import ArticleAdmin
from tests.factories import ArticleFactory, TagFactory
from translations.admin import TranslationAdminMixin

desk = admin.AdminSite(name="desk")
desk.register(Article, ArticleAdmin)
desk.register(Section, articles_admin.SectionAdmin)
desk.register(Tag, articles_admin.TagAdmin)
desk.register(Author, articles_admin.AuthorAdmin)

urlpatterns = [path("desk/", desk.urls), *site_urls.urlpatterns]

pytestmark = pytest.mark.django_db


def test_the_registered_article_admin_has_every_apps_part():
    registered = admin.site._registry[Article]
    assert isinstance(registered, TranslationAdminMixin)
    assert isinstance(registered, articles_admin.ArticleAdmin)
    assert "copy_related_from_other_version" in registered.get_actions(_request_of_superuser())


def _addresses(page, attribute):
    return [chunk.split('"', 1)[0] for chunk in page.split(f'{attribute}="/')[1:]]


@pytest.mark.urls(__name__)
def test_links_on_the_article_page_point_into_the_admin_site_that_serves_it(editor_client):
    tag = TagFactory()
    english = ArticleFactory(tags=[tag])
    ArticleFactory(arabic=True, translation_key=english.translation_key)
    ArticleFactory(tags=[tag], title="A neighbour story")
    services.refresh_suggestions_for(article=english)
    response = editor_client.get(f"/desk/articles/article/{english.pk}/change/")
    assert response.status_code == 200
    page = response.text
    assert "Versions of this story" in page and "A neighbour story" in page
    addresses = _addresses(page, "href") + _addresses(page, "formaction") + _addresses(page, "action")
    into_an_admin = [address for address in addresses if address.startswith(("admin/", "desk/"))]
    assert any("/translations/" in address for address in into_an_admin)
    assert any("/related/" in address for address in into_an_admin)
    assert [address for address in into_an_admin if address.startswith("admin/")] == []


def _request_of_superuser():
    from django.test import RequestFactory

    from tests.factories import EditorFactory

    request = RequestFactory().get("/admin/articles/article/")
    request.user = EditorFactory()
    return request
