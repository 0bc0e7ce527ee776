"""The "Import from WordPress" admin page: for those allowed only, run as a background job, its report shown."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import TaskResultStatus

from articles.models import Article
from jobs.models import Job
from tests.factories import EditorFactory, UserFactory
from wordpress import services
from wordpress.models import ImportRun

from .exports import export, post, term

# The worker ends transactions, which a test wrapped in one transaction cannot allow.
pytestmark = pytest.mark.django_db(transaction=True)

NEWS = term("category", "news", "News")
IMPORT_URL = "admin:wordpress_importrun_import"


def upload(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/xml")


def two_sites():
    en = export([post(1, "Bread", terms=[NEWS], body='<a href="https://ar.example.org/2024/05/post-1/">النسخة العربية</a>')])
    ar = export([post(1, "خبز", site="https://ar.example.org", terms=[NEWS],
                      body='<a href="https://en.example.org/2024/05/post-1/">Read this article in English</a>')],
                site="https://ar.example.org", language="ar")
    return [upload("en-site.xml", en), upload("ar-site.xml", ar)]


@pytest.fixture
def superuser_client(client):
    client.force_login(EditorFactory(username="boss"))
    return client


def test_only_users_allowed_to_import_see_the_page(client):
    url = reverse(IMPORT_URL)
    assert client.get(url).status_code == 302  # to the login page
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:wordpress_importrun_changelist")).status_code == 403
    assert client.post(url, {"files": two_sites()}).status_code == 403
    assert not ImportRun.objects.exists()

    staff.user_permissions.add(Permission.objects.get(codename="run_import"))
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.django_db  # the groups written by the migrations, which a transactional test flushes
def test_the_administrator_role_may_import():
    assert Group.objects.get(name="Administrator").permissions.filter(codename="run_import").exists()
    assert not Group.objects.get(name="Editor").permissions.filter(codename="run_import").exists()


def test_an_upload_is_imported_by_a_background_job_and_its_report_shown(superuser_client, database_backend, run_worker):
    response = superuser_client.post(reverse(IMPORT_URL), {"files": two_sites(), "language": ""})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:wordpress_importrun_change", args=[run.pk])
    assert run.status == ImportRun.Status.WAITING and not Article.objects.exists()  # nothing in the request
    assert [file["name"] for file in run.files] == ["en-site.xml", "ar-site.xml"]
    stored = [file["stored"] for file in run.files]
    assert all(default_storage.exists(name) and "en-site" not in name for name in stored)
    assert Job.objects.get(task_path="wordpress.tasks.run_import").args_kwargs["kwargs"] == {"run_id": run.pk}

    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and (run.done, run.total) == (2, 2)
    assert run.report["posts"] == {"created": 2} and run.report["pairs"] == {"language-version link": 1, "already paired": 1}
    english, arabic = Article.objects.order_by("language").reverse()
    assert english.translation_key == arabic.translation_key
    assert not any(default_storage.exists(name) for name in stored)  # the exports are not kept

    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "Posts: 2 created" in page and "2 created, 0 updated, 0 unchanged, 0 skipped" in page
    # The same stored report, read by an editor whose admin speaks Arabic: written again in Arabic.
    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="ar").text
    assert "انتهى الاستيراد." in page and "المقالات: 2 أُنشئت، 0 حُدّثت، 0 بلا تغيير، 0 تُركت" in page
    assert "رابط نسخة اللغة الأخرى: 1" in page and "Import finished." not in page
    assert "العناصر: مقالة: 2" in page and "المقالات بحسب حالتها في ووردبريس: منشورة: 2" in page  # WordPress's words too
    listing = superuser_client.get(reverse("admin:wordpress_importrun_changelist")).text
    assert "en-site.xml, ar-site.xml" in listing and reverse(IMPORT_URL) in listing


def test_each_warning_is_read_in_the_language_of_whoever_opens_the_run(superuser_client, database_backend, run_worker):
    text = export([
        post(1, "Gallery", terms=[NEWS, term("language", "en", "English")], body="Before [gallery ids=1,2] after"),
        post(2, "Auto", terms=[NEWS], status="inherit"),
        post(3, "Bonjour", terms=[NEWS, term("language", "fr", "Français")]),
    ], terms='<wp:term><wp:term_taxonomy>language</wp:term_taxonomy><wp:term_slug>en</wp:term_slug></wp:term>')
    superuser_client.post(reverse(IMPORT_URL), {"files": [upload("site.xml", text)], "language": ""})
    run_worker()
    run = ImportRun.objects.get()
    url = reverse("admin:wordpress_importrun_change", args=[run.pk])

    english = superuser_client.get(url).text
    assert "shortcodes removed: gallery" in english
    assert "en.example.org #1 Gallery: shortcodes removed" in english  # which site: two sites both have a post 1
    assert "skipped: WordPress status “inherit” is not imported" in english
    assert "skipped: language “fr” is not an edition of this site" in english
    arabic = superuser_client.get(url, HTTP_ACCEPT_LANGUAGE="ar").text
    # The sentences in Arabic; what the posts themselves said (a shortcode, a status, a language) as they were.
    assert "رموز قصيرة أُزيلت: gallery" in arabic
    assert "تُركت: حالة ووردبريس «inherit» لا تُستورد" in arabic
    assert "تُركت: اللغة «fr» ليست إحدى طبعات هذا الموقع" in arabic
    assert "حالة لا تُستورد: 1" in arabic  # the count by reason too
    assert "shortcodes removed" not in arabic and "is not imported" not in arabic


def test_a_run_stored_before_warnings_kept_their_details_is_still_shown(superuser_client):
    run = ImportRun.objects.create(files=[], status=ImportRun.Status.DONE, report={
        "posts": {"created": 1}, "warning_count": 1, "warnings": [[7, "Old", "shortcodes removed: gallery"]],
    })
    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "#7 Old: shortcodes removed: gallery" in page  # stored before the site was kept with each warning


def test_a_dry_run_from_the_admin_writes_nothing_but_its_report(superuser_client, database_backend, run_worker):
    superuser_client.post(reverse(IMPORT_URL), {"files": two_sites()[:1], "language": "en", "dry_run": "on"})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and run.report["dry_run"] and run.report["posts"] == {"created": 1}
    assert not Article.objects.exists()


def test_a_malformed_file_fails_the_run_with_its_line_and_writes_nothing(superuser_client, database_backend, run_worker):
    text = export([post(1, "One", terms=[NEWS])])
    superuser_client.post(reverse(IMPORT_URL), {"files": [upload("old-site.xml", text[:-60])]})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("old-site.xml: not a well-formed WordPress export, line ")
    assert not Article.objects.exists()
    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "old-site.xml: not a well-formed" in page
    # Read by an editor whose admin speaks Arabic: the same error in Arabic, with the file's name and line.
    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="ar").text
    assert f"old-site.xml: ليس ملف تصدير ووردبريس سليم البنية، السطر {run.report['error'][1]['line']}،" in page
    assert "not a well-formed" not in page


def test_a_run_that_could_import_no_post_fails_and_says_why(superuser_client, database_backend, run_worker):
    french = export([post(1, "Bonjour", terms=[NEWS])], language="fr-FR")
    superuser_client.post(reverse(IMPORT_URL), {"files": [upload("fr-site.xml", french)]})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED  # as the command exits non-zero
    page = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "No post could be imported: the report below says why for each." in page
    assert "a language that is not an edition of this site: 1" in page
    arabic = superuser_client.get(reverse("admin:wordpress_importrun_change", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="ar").text
    assert "تعذّر استيراد أي مقالة" in arabic and "لغة ليست إحدى طبعات هذا الموقع: 1" in arabic


def test_a_crashing_import_fails_the_run_and_the_job_which_is_retried(superuser_client, database_backend, run_worker, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services, "import_files", explode)
    superuser_client.post(reverse(IMPORT_URL), {"files": two_sites()[:1]})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.error == "RuntimeError: database on fire"
    attempts = Job.objects.filter(task_path="wordpress.tasks.run_import")
    assert attempts.count() == 3 and {job.status for job in attempts} == {TaskResultStatus.FAILED}
    assert all(default_storage.exists(file["stored"]) for file in run.files)  # kept for a run again


def test_a_run_a_live_worker_is_on_is_not_started_twice(superuser_client, database_backend):
    superuser_client.post(reverse(IMPORT_URL), {"files": two_sites()[:1]})
    run = ImportRun.objects.get()
    assert services._claim(run.pk) is not None
    assert services._claim(run.pk) is None  # a second worker handed the same run leaves it alone


def test_no_file_is_a_form_error(superuser_client):
    response = superuser_client.post(reverse(IMPORT_URL), {"language": "en"})
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert not ImportRun.objects.exists()


def test_the_list_of_runs_costs_the_same_for_many_runs(superuser_client, django_assert_max_num_queries):
    boss = EditorFactory(username="other")
    for number in range(15):
        ImportRun.objects.create(files=[{"name": f"f{number}.xml", "stored": "x"}], created_by=boss,
                                 report={"posts": {"created": number}, "warning_count": 0})
    with django_assert_max_num_queries(12):
        assert superuser_client.get(reverse("admin:wordpress_importrun_changelist")).status_code == 200


def test_a_hostile_file_fails_the_run_clearly_and_writes_nothing(superuser_client, database_backend, run_worker):
    external = export([post(1, "One", terms=[NEWS])], header='<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')
    superuser_client.post(reverse(IMPORT_URL), {"files": [upload("evil.xml", external.replace("<title>Example</title>", "<title>&x;</title>"))]})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("evil.xml: refused: the file declares XML entities or an external resource")
    assert "root:" not in run.error and not Article.objects.exists()
    assert not any(default_storage.exists(file["stored"]) for file in run.files)
