"""Guessing passwords on the admin login is throttled per address and per username.

After ``AXES_FAILURE_LIMIT`` wrong passwords the username is refused from any
address and the address is refused for any username, even with the right
password, until the cool-off ends or an administrator unlocks it with
``manage.py axes_reset_username`` / ``axes_reset_ip``.
"""

import datetime

import pytest
from django.core.management import call_command

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.7"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.fixture
def victim():
    return EditorFactory(username="rania")


def attempt(client, username, password, address=ATTACKER, **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def guess(client, username, times=3, address=ATTACKER):
    for number in range(times):
        attempt(client, username, f"wrong-{number}", address)


def test_wrong_passwords_below_the_limit_leave_the_login_open(client, victim):
    guess(client, "rania", times=2)
    response = attempt(client, "rania", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_after_the_limit_the_right_password_is_refused(client, victim):
    guess(client, "rania")
    response = attempt(client, "rania", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_username_is_locked_from_every_address(client, victim):
    guess(client, "rania")
    assert attempt(client, "rania", PASSWORD, address="198.51.100.20").status_code == 429


def test_the_address_is_locked_for_every_username(client, victim):
    EditorFactory(username="omar")
    guess(client, "nobody-in-particular")
    assert attempt(client, "omar", PASSWORD).status_code == 429
    assert attempt(client, "omar", PASSWORD, address="198.51.100.20").status_code == 302


def test_resetting_the_username_unlocks_it(client, victim):
    guess(client, "rania", address="198.51.100.1")  # the address is another one, so only the name is in question
    assert attempt(client, "rania", PASSWORD).status_code == 429
    call_command("axes_reset_username", "rania", stdout=open("/dev/null", "w"))
    assert attempt(client, "rania", PASSWORD).status_code == 302 and logged_in(client)


def test_resetting_the_address_unlocks_it(client, victim):
    guess(client, "someone-else")
    assert attempt(client, "rania", PASSWORD).status_code == 429
    call_command("axes_reset_ip", ATTACKER, stdout=open("/dev/null", "w"))
    assert attempt(client, "rania", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, victim, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(microseconds=1)
    guess(client, "rania")
    assert attempt(client, "rania", PASSWORD).status_code == 302


def test_the_lockout_page_is_in_the_editors_language(client, victim):
    guess(client, "rania")
    response = attempt(client, "rania", PASSWORD, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "أُقفل هذا الحساب أو هذا العنوان بعد محاولات دخول فاشلة كثيرة." in html
    assert "يمكنك المحاولة مجددًا بعد 15 دقيقة." in html
    english = attempt(client, "rania", PASSWORD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You can try again in 15 minutes." in english


def test_behind_a_proxy_the_forwarded_address_is_counted(client, victim, settings):
    settings.NEWSROOM_CLIENT_IP_HEADER = "X-Real-IP"
    for number in range(3):
        attempt(client, "nobody", f"wrong-{number}", address="127.0.0.1", HTTP_X_REAL_IP=ATTACKER)
    # Another reader behind the same proxy is not locked out; the guessing address is.
    assert attempt(client, "rania", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.9").status_code == 302
    assert attempt(client, "rania", PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP=ATTACKER).status_code == 429


def test_logins_from_code_are_not_throttled(client, victim):
    # The test client's login() and the shell authenticate without a request.
    assert client.login(username="rania", password=PASSWORD)
