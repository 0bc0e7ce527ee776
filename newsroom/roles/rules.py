"""What a user may do to one article, beyond what their groups' permissions say about articles in general.

The article admin asks here about each article (``has_change_permission`` in
``newsroom/admin.py``, and through it every view and action that changes an
article: the form, the related-articles buttons, the language-version views):

* who may publish (editors, administrators) may change any article;
* anyone else who may change articles may change their own stories (a
  reporter), drafts and corrections to live ones alike, as WordPress's Author
  role may; publishing, scheduling or unpublishing stays an editor's
  (``articles.services.check_may_publish`` refuses it on every path);
* who also holds the translations app's permissions (a translator) may change
  any translation version: an article made from a source (it has a
  ``TranslationSource``), live or not. Publishing stays refused to them by
  ``articles.services.check_may_publish``.

The rule lives in the project, not in ``articles``: the translator's part
needs the translations app, which the articles app does not know.
"""

from articles import services

#: Holding it makes a user a translator: they keep the translation records (the version's source, its state).
TRANSLATE_PERMISSION = "translations.change_translationsource"


def may_translate(user):
    return user.has_perm(TRANSLATE_PERMISSION)


def is_own_story(user, article):
    """An article *user* created (its text is theirs to correct, even once live)."""
    return article.pk is not None and article.created_by_id == user.pk


def is_translation_version(article):
    """Whether *article* was made from a source in another language (the reverse one-to-one is cached)."""
    return article.pk is not None and hasattr(article, "translation_source")


def may_change_article(user, article):
    """Whether *user* may change *article* (its form, related articles, language versions)."""
    if not user.has_perm("articles.change_article"):
        return False
    if services.may_publish(user):
        return True
    return is_own_story(user, article) or (may_translate(user) and is_translation_version(article))


def may_create_translation(user, source):
    """Whether *user* may create another language version of *source*: translators may from any article."""
    if not user.has_perm("articles.add_article"):
        return False
    return may_translate(user) or may_change_article(user, source)
