"""Bylines: one WordPress login is one author across the run's sites, each edition showing its own site's name."""

import pytest
from django.utils import translation

from articles.models import Article, Author
from wordpress import services

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

EN, AR, BLOG = "https://en.example.org", "https://ar.example.org", "https://blog.example.org"
NEWS, AKHBAR = term("category", "news", "News"), term("category", "akhbar", "أخبار")


def english_site(tmp_path, login, name, *, site=EN, name_of_file="en.xml", post_id=1):
    items = [post(post_id, "Flood", site=site, creator=login, terms=[NEWS])]
    return write(tmp_path, name_of_file, export(items, site=site, language="en-US", authors=((login, name),)))


def arabic_site(tmp_path, login, name):
    items = [post(7, "فيضان", site=AR, slug="fayadan", creator=login, terms=[AKHBAR])]
    return write(tmp_path, "ar.xml", export(items, site=AR, language="ar", authors=((login, name),)))


def byline(title, language):
    with translation.override(language):
        return [author.name for author in Article.objects.get(title=title).authors.all()]


def test_a_reporter_on_both_sites_is_one_byline_with_each_sites_name(tmp_path):
    paths = [english_site(tmp_path, "rania", "Rania Khalil"), arabic_site(tmp_path, "rania", "رانيا خليل")]
    report = services.import_files(paths=paths)
    author = Author.objects.get()
    assert (author.name_en, author.name_ar) == ("Rania Khalil", "رانيا خليل")
    assert byline("Flood", "en") == ["Rania Khalil"] and byline("فيضان", "ar") == ["رانيا خليل"]
    assert report.vocabulary["authors created"] == 1
    again = services.import_files(paths=paths)
    assert not again.warnings  # the desk was told once; both names are the editions' own now


def test_two_people_sharing_a_login_are_reported_with_both_names(tmp_path):
    paths = [english_site(tmp_path, "admin", "John Smith"), arabic_site(tmp_path, "admin", "سامي الخطيب")]
    report = services.import_files(paths=paths)
    said = [str(warning) for warning in report.warnings]
    assert any("“admin”" in line and "John Smith" in line and "سامي الخطيب" in line and "two people" in line
               for line in said), said
    assert byline("Flood", "en") == ["John Smith"] and byline("فيضان", "ar") == ["سامي الخطيب"]


def test_a_name_an_edition_already_shows_is_kept_and_the_clash_reported(tmp_path):
    services.import_files(paths=[english_site(tmp_path, "admin", "John Smith")])
    other = english_site(tmp_path, "admin", "Jane Doe", site=BLOG, name_of_file="blog.xml", post_id=2)
    report = services.import_files(paths=[other])
    assert Author.objects.get().name_en == "John Smith"
    said = [str(warning) for warning in report.warnings]
    assert any("“admin”" in line and "John Smith" in line and "Jane Doe" in line for line in said), said
