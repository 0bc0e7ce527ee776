"""Real exports written by other projects (read in place, never copied: see their README); skipped when absent."""

from pathlib import Path

import pytest

from articles.models import Article
from wordpress import services

pytestmark = pytest.mark.django_db

SAMPLES = Path("/work/shared/wxr-samples")


def sample(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    return str(path)


def test_polylang_export_imports_the_english_posts_and_skips_the_french():
    report = services.import_files(paths=[sample("polylang-test-import.xml")])
    assert report.items["post"] == 4 and report.items["nav_menu_item"] == 4 and report.items["page"] == 2
    assert report.posts["created"] == 2
    assert report.skipped == {"a language that is not an edition of this site": 2}
    assert set(Article.objects.values_list("language", flat=True)) == {"en"}


def test_wordpress_importer_exports_import_and_run_again_unchanged():
    paths = [sample("wordpress-importer-small-export.xml"), sample("wordpress-importer-wxr-simple.xml")]
    first = services.import_files(paths=paths, language="en")
    assert first.posts["created"] == 7 and not first.posts["skipped"]
    assert any("private post imported as a draft" in str(w) for w in first.warnings)
    again = services.import_files(paths=paths, language="en")
    assert again.posts == {"unchanged": 7}
    assert Article.objects.count() == 7
