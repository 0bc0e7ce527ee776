"""The migration gives each role exactly the permissions of the table in newsroom/roles/roles.py."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.migrations.loader import MigrationLoader

from newsroom.roles.roles import ROLES, expand

pytestmark = pytest.mark.django_db



def latest_migration():
    """The roles app's last migration: the one that last wrote the groups."""
    ((_app, name),) = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("roles")
    return importlib.import_module(f"newsroom.roles.migrations.{name}")


def held(group):
    return {f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")}


def every_permission():
    return {f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")}


@pytest.mark.parametrize("role", ROLES)
def test_after_migrate_each_group_holds_exactly_its_roles_permissions(role):
    assert held(Group.objects.get(name=role)) == expand(ROLES[role], every_permission())


def test_the_latest_migration_carries_the_table_as_it_is_now():
    """Changing a role needs a new migration with the new table: this fails until there is one."""
    assert {role: set(specs) for role, specs in latest_migration().ROLES.items()} == {
        role: set(specs) for role, specs in ROLES.items()
    }


def test_only_editors_and_administrators_may_publish():
    publishers = set(Group.objects.filter(permissions__codename="publish_article").values_list("name", flat=True))
    assert publishers == {"Editor", "Administrator"}


def test_the_administrator_may_manage_accounts_and_the_fundraisers_only_banners():
    assert {"auth.change_user", "auth.change_group"} <= held(Group.objects.get(name="Administrator"))
    fundraising = held(Group.objects.get(name="Fundraising"))
    assert {name for name in fundraising if not name.startswith("banners.")} == {"articles.view_section"}


def test_a_permission_named_in_a_role_that_does_not_exist_is_an_error():
    with pytest.raises(LookupError, match="articles.sign_article"):
        expand(["articles.sign_article"], every_permission())
