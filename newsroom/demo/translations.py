"""Demo step: link each story's English and Arabic versions, and leave one translation outdated.

Runs after ``newsroom.demo.articles`` and goes through the translations
services, so the demo has what an editor would have made: linked pairs (the
English is the original), the one-language stories left unlinked for the
translation queue, audit entries by the demo editor when there is one, and one
pair whose English body was revised after its Arabic was in step, so the Arabic
version shows as outdated with a diff. Running it again changes nothing: pairs
already linked are left alone, and the revision happens only when its pair is
first linked.
"""

from articles import services as article_services
from translations import services

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
    stdout.write(
        f"Translations: {linked} pairs linked, {len(pairs) - linked} already linked, {revised} left outdated."
    )
