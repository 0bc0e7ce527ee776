"""A staff member who may only *view* can change nothing through the admin's own actions and URLs.

The same walk runs as members of the roles (``newsroom/roles/roles.py``)
against what their role does not give them: an action not offered to them
changes nothing when posted anyway, and a reporter or a fundraiser is refused
every custom URL on a live article that is not theirs.

The test is driven by the admin registry rather than by a list written here:
it walks every action of every registered ``ModelAdmin`` and every URL an
admin (or the admin site) adds to Django's standard ones, and acts on real
objects as a user holding every ``view_*`` permission and nothing else. Each
action must not be offered to that user, each POST to a custom URL must be
refused (403 or 405), and the database must be exactly as it was. A new
action or URL is walked as soon as it is registered; a URL whose argument the
test cannot fill in fails with a message saying so, instead of being skipped.
"""

import itertools
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.db import connection
from django.urls import URLPattern, URLResolver, reverse

from articles import revisions
from articles import services as article_services
from articles.models import LANGUAGE_CODES, Article, RelatedExclusion, RelatedSuggestion
from newsroom.banners.models import Banner
from tests.articles.factories import RelatedArticleFactory
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.roles.conftest import member_of
from translations import services as translation_services
from translations.models import Stage

pytestmark = pytest.mark.django_db

#: Actions that only read (an export, say) may be offered to viewers; name them here. None exist yet.
READ_ONLY_ACTIONS = frozenset()


# --- What the registry holds --------------------------------------------------------------------


def registered_actions():
    """``(model admin, action name)`` for every action any registered admin has, whoever may use it."""
    return [
        (model_admin, name)
        for model_admin in admin.site._registry.values()
        # _get_base_actions: the site-wide and the admin's own actions, before filtering by permission.
        for _function, name, _description in model_admin._get_base_actions()
    ]


def _flatten(patterns, prefix=""):
    """Every route under *patterns* as ``(route, pattern)``, descending into ``include()``."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _flatten(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _extra_routes(patterns, standard_patterns, prefix):
    standard = {str(pattern.pattern) for pattern in standard_patterns}
    extra = [pattern for pattern in patterns if str(pattern.pattern) not in standard]
    return [(prefix + route, pattern) for route, pattern in _flatten(extra)]


def custom_admin_urls():
    """``(model admin or None, route)`` for each URL added to Django's standard admin URLs.

    The standard ones are what ``ModelAdmin.get_urls`` / ``AdminSite.get_urls``
    themselves return for the same admin (changelist, add, change, delete,
    history, the site's index, login, ...), so whatever a subclass or mixin
    adds shows up here, whatever it is called.
    """
    site = admin.site
    root = "admin/"  # where newsroom/urls.py mounts the site
    urls = [(None, route) for route, _p in _extra_routes(site.get_urls(), admin.AdminSite.get_urls(site), root)]
    for model, model_admin in site._registry.items():
        prefix = f"{root}{model._meta.app_label}/{model._meta.model_name}/"
        extra = _extra_routes(model_admin.get_urls(), admin.ModelAdmin.get_urls(model_admin), prefix)
        urls += [(model_admin, route) for route, _pattern in extra]
    return urls


# --- Real objects for the URL arguments -------------------------------------------------------


@pytest.fixture
def world(db):
    """One real object of each kind, arranged so that every write an admin offers would change something.

    An English story with an Arabic version whose pins could be copied, a
    suggestion to pin, an exclusion to lift, a banner that could be switched on
    and one that could be switched off, an unlinked Arabic article to link.
    """
    editor = EditorFactory(username="world-editor")
    english = ArticleFactory(title="Bread prices in Idlib")
    arabic = ArticleFactory(arabic=True, title="أسعار الخبز في إدلب")
    translation_services.link_translation(article=english, counterpart=arabic, by=editor)
    english.refresh_from_db()
    pinned_ar = ArticleFactory(arabic=True)
    ArticleFactory(translation_key=pinned_ar.translation_key)  # its English version, to be copied as a pin
    RelatedArticleFactory(article=arabic, target=pinned_ar, position=1)
    suggested, excluded = ArticleFactory(), ArticleFactory()
    RelatedSuggestion.objects.create(article=english, target=suggested, rank=1, score=1.0)
    RelatedExclusion.objects.create(article=english, target=excluded)
    RelatedArticleFactory(article=english, target=ArticleFactory(draft=True), position=1)  # a broken pin
    ArticleFactory(arabic=True, title="خبر بلا نسخة")  # a candidate to link
    article_services.save_article(article=english, by=editor)  # a revision to restore
    article_services.delete_articles(articles=[ArticleFactory(title="Deleted story")], by=editor)  # one to recover
    return {
        "version_id": [revisions.versions_of(english.pk).first().pk, revisions.deleted_articles().get().pk],
        Article: english,
        "source_id": [arabic.pk],
        "target_id": [suggested.pk, excluded.pk],
        "banners": [BannerFactory(off=True), BannerFactory()],
    }


#: The names Django and this project give the admin's own object in a URL (``UserAdmin`` says ``id``).
OBJECT_ARGUMENTS = {"object_id", "id"}
#: Values for each other argument name a custom admin URL may take.
ARGUMENT_VALUES = {
    "source_id": lambda world: world["source_id"],
    "target_id": lambda world: world["target_id"],
    # The related-article buttons: every action the URL accepts, so none escapes the check.
    "action": lambda world: ["pin", "exclude", "allow"],
    "language": lambda world: list(LANGUAGE_CODES),
    # The translation stages a version can be moved to.
    "stage": lambda world: list(Stage.values),
    # A revision of the world's article (to restore) and the last one of a deleted article (to recover).
    "version_id": lambda world: world["version_id"],
}

_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def object_for(model_admin, world):
    """The admin's own real object: the world's article for articles, else the first row of its model."""
    if model_admin is None:
        pytest.fail("An admin-site URL takes an object_id: say which object in ARGUMENT_VALUES.", pytrace=False)
    model = model_admin.model._meta.concrete_model
    obj = world.get(model) or model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.fail(f"No {model._meta.label} in the test world: add one to the `world` fixture.", pytrace=False)
    return obj


def filled_in(model_admin, route, world):
    """Every address *route* stands for with real objects; an argument the test does not know fails loudly."""
    names = [match["name"] for match in _ARGUMENT.finditer(route)]
    if "(?P<" in route or "^" in route:
        pytest.fail(f"Regular-expression admin URL {route!r}: teach this test to fill it in.", pytrace=False)
    choices = []
    for name in names:
        if name in OBJECT_ARGUMENTS:
            choices.append([object_for(model_admin, world).pk])
        elif name in ARGUMENT_VALUES:
            choices.append(ARGUMENT_VALUES[name](world))
        else:
            pytest.fail(
                f"Admin URL {route!r} takes an argument {name!r} this test cannot fill in: "
                "add real values for it to ARGUMENT_VALUES.",
                pytrace=False,
            )
    addresses = []
    for values in itertools.product(*choices):
        arguments = iter(values)
        addresses.append("/" + _ARGUMENT.sub(lambda _match: str(next(arguments)), route))
    return addresses


# --- The view-only staff member, and the database before and after --------------------------


@pytest.fixture
def viewer(db):
    """Staff, holding every ``view_*`` permission there is and nothing else."""
    user = UserFactory(username="viewer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


@pytest.fixture
def viewer_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client


#: Roles walked against what they are not given (a translator may create versions of any story, so is tested apart).
WALKED_ROLES = ("Reporter", "Translator", "Fundraising")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def database_state():
    """Every row of every table Django knows, as stored.

    Read with SQL rather than the ORM: modeltranslation's managers would read
    ``name`` in whatever language the last request left active.
    """
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                table = model._meta.db_table
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                state[table] = sorted(cursor.fetchall(), key=repr)
    return state


def assert_unchanged(before):
    after = database_state()
    changed = sorted(table for table in before if before[table] != after[table])
    assert not changed, f"a view-only user changed rows of {', '.join(changed)}"


# --- The walk ---------------------------------------------------------------------------------


def test_the_walk_finds_the_actions_and_urls_that_write():
    """Guards the walker itself: if it found nothing, every other test here would pass for nothing."""
    actions = {name for _admin, name in registered_actions()}
    assert {"switch_on", "switch_off", "copy_related_from_other_version", "publish_now", "delete_selected"} <= actions
    routes = {route for _admin, route in custom_admin_urls()}
    assert "admin/articles/article/<path:object_id>/translations/copy-related-from/<int:source_id>/" in routes
    assert "admin/banners/banner/<int:object_id>/preview/<str:language>/" in routes
    assert not any(route.endswith(("/change/", "/delete/", "/history/")) for route in routes)


@pytest.mark.parametrize(
    ("model_admin", "name"),
    registered_actions(),
    ids=[f"{admin_.opts.label_lower}:{name}" for admin_, name in registered_actions()],
)
def test_no_action_is_offered_to_or_run_for_a_view_only_user(world, viewer, viewer_client, model_admin, name):
    request = RequestFactory().get("/")
    request.user = viewer
    if name not in READ_ONLY_ACTIONS:
        assert name not in model_admin.get_actions(request), f"{name} is offered to a user who may only view"
    objects = model_admin.model._default_manager.values_list("pk", flat=True)
    changelist = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    before = database_state()
    response = viewer_client.post(
        changelist, {"action": name, "_selected_action": [str(pk) for pk in objects], "index": "0"}
    )
    assert response.status_code in {200, 302, 403, 405}
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("model_admin", "route"),
    custom_admin_urls(),
    ids=[route for _admin, route in custom_admin_urls()],
)
def test_every_custom_admin_url_refuses_a_view_only_user(world, viewer_client, model_admin, route):
    addresses = filled_in(model_admin, route, world)
    before = database_state()
    for address in addresses:
        # What a form on the page would send, so a view that forgot its check would have all it needs.
        data = {"counterpart": str(Article.objects.filter(language="ar").last().pk), "post": "yes"}
        response = viewer_client.post(address, data)
        assert response.status_code in {403, 405}, f"POST {address} answered {response.status_code}"
        viewer_client.get(address)  # a GET may answer (a preview, a form) but must never write either
    assert_unchanged(before)


@pytest.mark.parametrize("role", WALKED_ROLES)
@pytest.mark.parametrize(
    ("model_admin", "name"),
    registered_actions(),
    ids=[f"{admin_.opts.label_lower}:{name}" for admin_, name in registered_actions()],
)
def test_an_action_a_role_is_not_offered_changes_nothing_when_posted_anyway(world, model_admin, name, role):
    member = member_of(role)
    request = RequestFactory().get("/")
    request.user = member
    if name in model_admin.get_actions(request):
        pytest.skip(f"{role} may {name} ({model_admin.opts.label})")
    client = logged_in(member)  # logging in writes (session, last login): before the snapshot
    objects = model_admin.model._default_manager.values_list("pk", flat=True)
    changelist = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    before = database_state()
    response = client.post(
        changelist, {"action": name, "_selected_action": [str(pk) for pk in objects], "index": "0"}
    )
    assert response.status_code in {200, 302, 403, 405}
    assert_unchanged(before)


@pytest.mark.parametrize("role", ["Reporter", "Fundraising"])
@pytest.mark.parametrize(
    ("model_admin", "route"),
    custom_admin_urls(),
    ids=[route for _admin, route in custom_admin_urls()],
)
def test_every_custom_admin_url_refuses_a_role_on_what_is_not_theirs(world, model_admin, route, role):
    """The world's article is live and nobody's draft: neither a reporter nor a fundraiser may change it."""
    client = logged_in(member_of(role))
    addresses = filled_in(model_admin, route, world)
    before = database_state()
    for address in addresses:
        data = {"counterpart": str(Article.objects.filter(language="ar").last().pk), "post": "yes"}
        response = client.post(address, data)
        assert response.status_code in {403, 405}, f"POST {address} answered {response.status_code}"
        client.get(address)
    assert_unchanged(before)


def test_an_admin_url_with_an_argument_nobody_knows_fails_instead_of_passing(world):
    """A new URL must make this suite fail until the test knows how to fill it in."""
    with pytest.raises(pytest.fail.Exception, match="'dossier_id'"):
        filled_in(admin.site._registry[Article], "admin/articles/article/<int:dossier_id>/seal/", world)


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Banner, "switch_on"),
        (Banner, "switch_off"),
        (Article, "copy_related_from_other_version"),
        (Article, "publish_now"),
    ],
)
def test_writing_actions_also_ask_about_each_selected_object(world, editor_client, monkeypatch, model, name):
    """A rule that refuses one object (an embargo desk, say) is honoured by the bulk actions too."""
    model_admin = admin.site._registry[model]
    monkeypatch.setattr(model_admin, "has_change_permission", lambda request, obj=None: obj is None)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    selected = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
    before = database_state()
    response = editor_client.post(changelist, {"action": name, "_selected_action": selected, "index": "0"})
    assert response.status_code == 403
    assert_unchanged(before)
