"""The admin as editors first meet it: ordered for a newsroom, and working offline."""

import re

import pytest
from django.urls import reverse

from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def index_order(response):
    """App and model names in the order the admin index lists them."""
    return [(app["app_label"], [model["object_name"] for model in app["models"]]) for app in response.context["app_list"]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_index_puts_the_newsroom_work_first_in_both_languages(editor_client, language):
    # Django sorts by translated names, which put user accounts before articles in Arabic.
    editor_client.cookies["newsroom_language"] = language
    order = index_order(editor_client.get(reverse("admin:index")))
    assert [label for label, _models in order] == ["articles", "translations", "banners", "footer", "pages", "addresses", "wordpress", "auth", "jobs"]
    models = dict(order)
    assert models["articles"][0] == "Article"
    assert models["translations"][0] == "TranslationQueueEntry"


@pytest.mark.parametrize("url_name", ["admin:banners_banner_add", "admin:articles_section_add", "admin:footer_footerlink_add"])
def test_translated_field_tabs_load_no_script_from_another_site(editor_client, url_name):
    # modeltranslation's tabs take jQuery UI from a CDN by default: offline, the tabs broke.
    page = editor_client.get(reverse(url_name)).content.decode()
    sources = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert "/static/newsroom/admin/translation_tabs.js" in sources
    assert not [src for src in sources if src.startswith(("//", "http:", "https:"))]


def test_language_menu_has_a_hidden_label_and_submits_on_change(editor_client):
    SectionFactory()
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert 'class="visually-hidden">Language of the administration</label>' in page
    assert 'id="admin-language-select"' in page
