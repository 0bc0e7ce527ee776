"""Readers get a photo the size their screen needs: resized WebP and JPEG/PNG copies, offered with srcset.

The copies are made by a background job after the save commits; until they
exist the page shows the original alone. Pages are read the way a reader's
browser gets them (the test client), and the stored copies are opened with
Pillow to check what a browser would download.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from PIL import Image

from articles import services, tasks
from articles.models import Article
from articles.stored_images import unused_files
from jobs.models import Job
from tests.factories import ArticleFactory, SectionFactory
from tests.newsroom.test_article_page_budget import ARTICLE_PAGE_BUDGET
from translations.services import create_translation

pytestmark = pytest.mark.django_db


def picture(size=(2000, 1125), format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=format)
    return ContentFile(buffer.getvalue(), name=f"photo.{format.lower()}")


def stored_width(url):
    with default_storage.open(url.removeprefix("/media/")) as stored, Image.open(stored) as image:
        return image.width, image.format


def srcsets(html, tag):
    """The ``srcset`` of each ``<tag>`` in *html*, as (url, width) pairs."""
    found = re.findall(rf'<{tag}\b[^>]*\bsrcset="([^"]*)"', html)
    return [[(url, int(width[:-1])) for url, width in (c.split() for c in srcset.split(", "))] for srcset in found]


def story_image(html):
    return re.search(r'<figure class="story__figure">(.*?)</figure>', html, re.S).group(1)


def saved(commit, **fields):
    """An article saved through the one save service, its jobs run as a commit runs them."""
    article = ArticleFactory.build(**{"section": SectionFactory(), **fields})
    return commit(services.save_article, article=article)


def test_the_page_offers_the_copies_only_once_the_job_made_them(client, empty_cache, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = ArticleFactory(image=picture(), image_alt="A blue sky")  # stored without the save service: no job yet
    before = story_image(client.get(article.get_absolute_url()).text)  # and now in the page cache
    assert "srcset" not in before and "<picture>" not in before
    assert f'src="{article.image.url}"' in before

    result = tasks.make_image_variants.enqueue(name=article.image.name)  # the job purges the cached page
    assert result.status == TaskResultStatus.SUCCESSFUL
    html = story_image(client.get(article.get_absolute_url()).text)
    (webp,), (fallback,) = srcsets(html, "source"), srcsets(html, "img")
    assert [width for _url, width in webp] == [320, 480, 800, 1200, 1600]  # the original (2000) is wider than all
    assert [width for _url, width in fallback] == [320, 480, 800, 1200, 1600]
    assert '<source type="image/webp"' in html
    for url, width in webp:
        assert stored_width(url) == (width, "WEBP")
    for url, width in fallback:
        assert stored_width(url) == (width, "JPEG")


def test_a_small_image_is_never_enlarged_and_stands_in_for_its_own_width(commit, client):
    article = saved(commit, image=picture((400, 300)), image_alt="A blue sky")
    html = story_image(client.get(article.get_absolute_url()).text)
    (webp,), (fallback,) = srcsets(html, "source"), srcsets(html, "img")
    assert [width for _url, width in webp] == [320, 400]
    assert fallback == [(fallback[0][0], 320), (article.image.url, 400)]  # the original is the 400w candidate
    assert [stored_width(url)[0] for url, _width in webp] == [320, 400]
    assert not default_storage.exists(article.image.name.replace(".jpg", ".w480.webp"))


def test_a_png_falls_back_to_png_and_a_webp_original_needs_no_webp_source(commit, client):
    png = saved(commit, image=picture((900, 500), "PNG"))
    (fallback,) = srcsets(story_image(client.get(png.get_absolute_url()).text), "img")
    assert [stored_width(url) for url, _width in fallback[:-1]] == [(320, "PNG"), (480, "PNG"), (800, "PNG")]
    webp = saved(commit, image=picture((900, 500), "WEBP"))
    html = story_image(client.get(webp.get_absolute_url()).text)
    assert "<source" not in html
    (candidates,) = srcsets(html, "img")
    assert [stored_width(url) for url, _width in candidates] == [(320, "WEBP"), (480, "WEBP"), (800, "WEBP"), (900, "WEBP")]


def test_the_story_image_is_fetched_first_and_teasers_wait_until_they_scroll_into_view(commit, client):
    section = SectionFactory(slug_en="economy")
    lead = saved(commit, image=picture((1200, 675)), image_alt="Trucks at a border gate", section=section)
    for _ in range(2):
        saved(commit, image=picture((1200, 675)), section=section)
    story = client.get(lead.get_absolute_url()).text
    story_img = re.search(r"<img [^>]*>", story_image(story)).group(0)
    assert 'fetchpriority="high"' in story_img and "loading=" not in story_img
    assert 'width="1200" height="675"' in story_img

    listing = client.get("/en/sections/economy/").text
    images = re.findall(r"<img [^>]*>", listing)
    assert len(images) == 3
    first, *others = images
    assert 'fetchpriority="high"' in first and "loading=" not in first  # in view when the list opens
    for image in others:
        assert 'loading="lazy"' in image and 'decoding="async"' in image and "fetchpriority" not in image
    for image in images:
        assert 'width="1200" height="675"' in image and 'srcset="' in image and 'alt=""' in image
    # Teasers are drawn at most 27rem wide: a phone or a desktop column picks a small copy.
    assert 'sizes="(min-width: 38rem) 27rem, calc(100vw - 2rem)"' in others[0]


def test_related_articles_show_a_lazy_thumbnail(commit, client):
    story = saved(commit, title="The story")
    target = saved(commit, title="The related one", image=picture((1200, 675)))
    services.pin_related_article(article=story, target=target)
    html = client.get(story.get_absolute_url()).text
    block = re.search(r'<aside class="related".*?</aside>', html, re.S).group(0)
    (thumbnail,) = re.findall(r"<img [^>]*>", block)
    assert 'loading="lazy"' in thumbnail and 'width="1200" height="675"' in thumbnail
    assert [w for _url, w in srcsets(block, "source")[0]] == [320, 480, 800, 1200]


def test_the_alt_text_describes_the_picture_and_the_caption_is_read_once(commit, client):
    article = saved(
        commit,
        image=picture((800, 450)),
        image_alt="A boy fills yellow jerrycans from a water tanker",
        image_caption="Douma, Eastern Ghouta - June 11, 2024",
    )
    html = story_image(client.get(article.get_absolute_url()).text)
    assert 'alt="A boy fills yellow jerrycans from a water tanker"' in html
    assert html.count("Douma, Eastern Ghouta") == 1
    assert re.search(r"<figcaption>Douma, Eastern Ghouta - June 11, 2024", html)


def test_without_an_alt_text_the_picture_is_decorative_and_the_caption_is_not_read_twice(commit, client):
    article = saved(commit, image=picture((800, 450)), image_caption="Douma, Eastern Ghouta - June 11, 2024")
    html = story_image(client.get(article.get_absolute_url()).text)
    assert 'alt=""' in html and html.count("Douma, Eastern Ghouta") == 1


def test_the_editor_types_the_alt_text_on_the_article_form(editor_client):
    html = editor_client.get("/admin/articles/article/add/").text
    assert 'name="image_alt"' in html
    assert "screen readers read it out" in html


# The worker ends transactions and may close the connection, which a test wrapped in one transaction cannot allow.
@pytest.mark.django_db(transaction=True)
def test_a_damaged_original_fails_the_job_visibly_and_the_page_keeps_the_original(
    database_backend, run_worker, settings, client
):
    settings.NEWSROOM_JOB_ATTEMPTS = 1
    name = default_storage.save("articles/2026/11/0123456789abcdef0123456789abcdef.jpg", ContentFile(b"\xff\xd8 not a photo"))
    article = ArticleFactory(image=name, image_width=1600, image_height=900)
    services.save_article(article=article)
    run_worker()
    job = Job.objects.get(task_path=tasks.make_image_variants.module_path)
    assert job.status == TaskResultStatus.FAILED and "could not be read" in job.traceback
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = story_image(response.text)
    assert f'src="{article.image.url}"' in html and "srcset" not in html
    article.refresh_from_db()
    assert article.image_variants == ""


def test_replacing_the_image_forgets_the_old_copies_until_the_new_ones_are_made(commit):
    article = saved(commit, image=picture((1000, 600)))
    assert article.image_variants == ""  # the instance in hand; the job wrote the row
    article.refresh_from_db()
    assert article.image_variants == "320 480 800 1000"
    article.image = picture((700, 400))
    assert article.image_variants == ""
    commit(services.save_article, article=article)
    article.refresh_from_db()
    assert article.image_variants == "320 480 700"


def test_saving_again_without_a_new_image_keeps_the_copies(commit):
    article = saved(commit, image=picture((1000, 600)))
    article = Article.objects.get(pk=article.pk)
    article.title, article.image = "A new headline", article.image.name
    commit(services.save_article, article=article)
    article.refresh_from_db()
    assert article.image_variants == "320 480 800 1000"


def test_the_command_makes_the_missing_copies_of_the_archive_batch_by_batch(settings, capsys):
    good = [ArticleFactory(image=picture((500, 300))) for _ in range(3)]
    broken_name = default_storage.save("articles/2026/11/ffffffffffffffffffffffffffffffff.jpg", ContentFile(b"broken"))
    ArticleFactory(image=broken_name, image_width=800, image_height=450)
    with pytest.raises(CommandError, match="1 images could not be read"):
        call_command("make_image_variants", "--batch", "1")
    assert "Copies made for 3 images, 1 failed." in capsys.readouterr().out
    for article in good:
        article.refresh_from_db()
        assert article.image_variants == "320 480 500"
    with pytest.raises(CommandError):  # again: the broken file is reported again, nothing else is redone
        call_command("make_image_variants")
    assert "Copies made for 0 images, 1 failed." in capsys.readouterr().out


# One stored file for a photo shared by both language versions ------------------------


def test_a_translation_shares_the_file_and_its_copies(commit, editor, settings, client):
    source = saved(commit, image=picture((1000, 600)), image_alt="A street at dusk")
    source.refresh_from_db()
    files_before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    draft = commit(create_translation, source=source, language="ar", by=editor)
    assert draft.image.name == source.image.name
    assert draft.image_variants == source.image_variants == "320 480 800 1000"
    assert draft.image_alt == "A street at dusk"  # for the translator to translate
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_before


def test_copies_made_after_the_translation_was_created_serve_both_versions(editor):
    source = ArticleFactory(image=picture((1000, 600)))
    draft = create_translation(source=source, language="ar", by=editor)
    services.make_image_variants(name=source.image.name)
    assert set(Article.objects.filter(pk__in=[source.pk, draft.pk]).values_list("image_variants", flat=True)) == {
        "320 480 800 1000"
    }


def test_the_unused_file_report_never_lists_a_file_or_copy_the_other_version_still_uses(commit, editor):
    source = saved(commit, image=picture((1000, 600)))
    source.refresh_from_db()
    shared = source.image.name
    draft = commit(create_translation, source=source, language="ar", by=editor)
    assert unused_files() == []
    draft.image = picture((700, 400))  # the translator picks another photo for their edition
    commit(services.save_article, article=draft)
    assert unused_files() == []  # the source still uses the first photo and its copies
    source.image = picture((600, 400))
    commit(services.save_article, article=source)
    stem = shared.removesuffix(".jpg")
    assert unused_files() == sorted(
        [shared, *(f"{stem}.w{width}.{ext}" for width in (320, 480, 800) for ext in ("jpg", "webp")), f"{stem}.w1000.webp"]
    )


# What it costs ----------------------------------------------------------------------


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def with_copies(**fields):
    article = ArticleFactory(image=picture((900, 500)), **fields)
    services.make_image_variants(name=article.image.name)
    return article


def test_pictures_and_their_copies_add_no_query_to_the_article_page(client):
    bare = ArticleFactory()
    story = with_copies(image_alt="A blue sky")
    for _ in range(4):
        services.pin_related_article(article=story, target=with_copies())
    html = client.get(story.get_absolute_url()).text
    assert html.count("<picture>") == 5  # the story's and four thumbnails
    assert queries_for(client, story.get_absolute_url()) <= queries_for(client, bare.get_absolute_url()) <= ARTICLE_PAGE_BUDGET


def test_pictures_and_their_copies_add_no_query_to_a_list_page(client):
    section = SectionFactory(slug_en="economy")
    ArticleFactory(section=section)
    bare = queries_for(client, "/en/sections/economy/")
    for _ in range(5):
        with_copies(section=section)
    assert client.get("/en/sections/economy/").text.count("<picture>") == 5
    assert queries_for(client, "/en/sections/economy/") == bare
