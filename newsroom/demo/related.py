"""Demo step: curated related articles on several stories, and suggestions for all.

Each curated story gets a couple of pins, leaving the other places to the
automatic suggestions, so the page shows both. The Arabic lists of two
stories are copied from their English versions the way an editor would (when
the versions are linked as one story), which also shows a skipped story (one
with no Arabic version). Stories an editor
has already curated are left alone, so loading twice changes nothing.
"""

from articles import services
from translations import services as translation_services

# story key → related story keys, in the editor's order.
CURATED = {
    "damascus-power-cuts-summer-heat": ["eastern-ghouta-water-shortage-health", "aleppo-workshops-solar-power"],
    "ankara-damascus-normalisation-signals": [
        "iraq-offers-to-host-turkish-syrian-talks",
        "hmeimim-residents-russian-presence",
        "astana-guarantors-idlib-de-escalation",
    ],
    "astana-guarantors-idlib-de-escalation": ["ankara-damascus-normalisation-signals", "hmeimim-residents-russian-presence"],
    "fuel-price-rise-fares-farming": ["hasakah-wheat-harvest-costs"],
    "returnees-from-turkey-northern-aleppo": ["idlib-secondary-exams-camp-schools", "aleppo-old-souks-restoration"],
}
# Stories whose Arabic list is copied from the English one rather than pinned directly.
COPIED_TO_ARABIC = {"ankara-damascus-normalisation-signals", "astana-guarantors-idlib-de-escalation"}


def _curate(stories, key, related_keys, language):
    article = stories.get(key, {}).get(language)
    if article is None or article.related_pins.exists():
        return 0
    english = stories[key].get("en")
    # Copying needs the versions linked as one story (the translations step does that).
    if language == "ar" and key in COPIED_TO_ARABIC and english and english.translation_key == article.translation_key:
        return len(translation_services.copy_related_from_version(article=article, source=english).pinned)
    pinned = 0
    for related_key in related_keys:
        target = stories.get(related_key, {}).get(language)
        if target is not None:
            services.pin_related_article(article=article, target=target)
            pinned += 1
    return pinned


def load(context, stdout):
    stories = context["stories"]
    pinned = sum(
        _curate(stories, key, related_keys, language)
        for language in ("en", "ar")  # English first: some Arabic lists are copied from it
        for key, related_keys in CURATED.items()
    )
    refreshed = services.refresh_all_suggestions()
    stdout.write(f"Related articles: {pinned} pinned, suggestions refreshed for {refreshed} articles.")
