"""The newsroom's roles: groups of permissions (``roles.py``), the per-article rules (``rules.py``), demo users."""
