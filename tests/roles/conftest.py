"""Fixtures for the roles tests: a logged-in staff member in each role, as the migration made the groups."""

import pytest

from tests.conftest import CommittingClient
from tests.factories import UserFactory
from tests.roles.groups import role_group


def member_of(*roles, username=None):
    """A staff user in the groups *roles* (nothing else: not a superuser)."""
    user = UserFactory(username=username or "-".join(role.lower() for role in roles), is_staff=True)
    user.groups.set([role_group(role) for role in roles])
    return user


@pytest.fixture
def login(committed):
    """``login(user)``: a committing admin client logged in as *user*."""

    def log_in(user):
        client = CommittingClient(committed)
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def reporter(db):
    return member_of("Reporter")


@pytest.fixture
def translator(db):
    return member_of("Translator")


@pytest.fixture
def desk_editor(db):
    return member_of("Editor")


@pytest.fixture
def fundraiser(db):
    return member_of("Fundraising")
