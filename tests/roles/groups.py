"""The role groups for tests that run after a flush (browser tests empty the database the migration filled)."""

from django.contrib.auth.models import Group, Permission

from newsroom.roles.roles import ROLES, expand


def role_group(name):
    """The group of role *name*, as the roles migration writes it (made again from ``ROLES`` if a flush took it)."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        permissions = {f"{p.content_type.app_label}.{p.codename}": p for p in Permission.objects.select_related("content_type")}
        group = Group.objects.create(name=name)
        group.permissions.set([permissions[name] for name in expand(ROLES[group.name], permissions)])
    return group
