"""`make run` gives one demo account per role, printed with its password, on demo sites only."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from newsroom.roles.management.commands.create_demo_users import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_each_role_gets_a_demo_account_that_can_log_in(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    for role, username in DEMO_USERS.items():
        assert f"login: {username}" in out.getvalue()
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.is_staff and not user.is_superuser
    assert "password: newsroom-demo" in out.getvalue()
    assert client.login(username="reporter", password="newsroom-demo")
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_running_it_again_reuses_the_accounts(settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())
    call_command("create_demo_users", stdout=io.StringIO())
    assert get_user_model().objects.filter(username__in=DEMO_USERS.values()).count() == len(DEMO_USERS)


def test_it_is_refused_on_a_production_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local demo sites only"):
        call_command("create_demo_users", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__in=DEMO_USERS.values()).exists()
