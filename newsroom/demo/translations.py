"""Demo step: link each story's English and Arabic versions, and leave one translation outdated.

Runs after ``newsroom.demo.articles`` and goes through the translations
services, so the demo has what an editor would have made: linked pairs (the
English is the original), the one-language stories left unlinked for the
translation queue, audit entries by the demo editor when there is one, and one
pair whose English body was revised after its Arabic was in step, so the Arabic
version shows as outdated with a diff, and one Arabic-only story with a
one-click English draft assigned to the demo translator (not started). Running it again changes nothing: pairs
already linked are left alone, and the revision happens only when its pair is
first linked.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from translations import services
from translations.models import TranslationQueueEntry

#: The story whose English body is revised after linking (the first pair if it is not in the demo).
OUTDATED_STORY = "damascus-power-cuts-summer-heat"
REVISION = (
    "<p>Correction: an earlier version of this report gave the wrong number of hours of electricity "
    "in the capital's suburbs. Residents there receive two hours of power in every six.</p>"
)


def _pairs(stories):
    """(key, English, Arabic) for every story that exists in both languages, in the demo's order."""
    return [(key, v["en"], v["ar"]) for key, v in stories.items() if v.get("en") and v.get("ar")]


def _revise(english, editor):
    """Change the English body a little, through the write path (as an editor's correction)."""
    english.body += REVISION
    article_services.save_article(article=english, by=editor)


#: The demo account the one-click draft is assigned to, when ``create_demo_users`` made it.
TRANSLATOR = "translator"


def _start_a_translation(stories, editor):
    """Give the first Arabic-only story a one-click English draft, assigned to the demo translator.

    So the queue shows every kind of work: missing versions, an outdated one,
    and a draft nobody has translated yet ("not started"), taken by someone.
    Returns the draft, or None when there is no such story or it has its draft already.
    """
    lone = next((v["ar"] for v in stories.values() if v.get("ar") and not v.get("en")), None)
    if lone is None or Article.objects.versions_of(lone).exists():
        return None
    draft = services.create_translation(source=lone, language="en", by=editor)
    translator = get_user_model().objects.filter(username=TRANSLATOR, is_staff=True, is_active=True).first()
    entry = TranslationQueueEntry.objects.filter(story=draft.translation_key, language="en").first()
    if translator and entry:
        due = timezone.localdate() + datetime.timedelta(days=2)
        services.assign(entry=entry, assignee=translator, due_date=due, by=editor)
    return draft


def load(context, stdout):
    editor = context.get("editor")
    pairs = _pairs(context.get("stories", {}))
    outdated_key = OUTDATED_STORY if any(key == OUTDATED_STORY for key, _en, _ar in pairs) else next(iter(pairs), [None])[0]
    linked = revised = 0
    for key, english, arabic in pairs:
        if english.translation_key == arabic.translation_key:
            continue
        services.link_translation(article=english, counterpart=arabic, source=english, by=editor)
        linked += 1
        if key == outdated_key:
            _revise(english, editor)
            revised += 1
    started = _start_a_translation(context.get("stories", {}), editor)
    stdout.write(
        f"Translations: {linked} pairs linked, {len(pairs) - linked} already linked, {revised} left outdated, "
        f"{1 if started else 0} one-click draft waiting for its translator."
    )
