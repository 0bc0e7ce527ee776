"""Demo content for a fresh site: stories in both editions and everything around them.

``load_demo_content`` runs the steps below in order. Each step is a module with
``load(context, stdout)``; it must be idempotent (running the command twice
changes nothing) and may leave things in ``context`` for later steps:
``context["stories"]`` maps a story key to ``{"en": Article, "ar": Article}``
(a language is missing when the story has no version in it) and
``context["editor"]`` is the demo editor account.
"""

from importlib import import_module

from django.contrib.auth import get_user_model

from newsroom.management.commands.create_demo_editor import DEMO_USERNAME

STEPS = [
    "newsroom.demo.articles",
    "newsroom.demo.translations",
    "newsroom.demo.banners",
    "newsroom.demo.pages",
    "newsroom.demo.footer",
    "newsroom.demo.related",
]


def load_demo_content(stdout):
    # Audit entries name the demo editor when `create_demo_editor` has made one.
    context = {"editor": get_user_model().objects.filter(username=DEMO_USERNAME).first()}
    for step in STEPS:
        import_module(step).load(context, stdout)
    return context
