"""Build admin POST data the way a browser would: from the form the page actually rendered.

Admin pages grow inlines (related articles, ...); a test that hand-writes every
management-form field breaks whenever one is added. This reads the rendered
form and its inline formsets instead, so a test only states what the editor
types.
"""

from django import forms
from django.urls import reverse

from tests.factories import AuthorFactory, SectionFactory


def _initial_value(bound_field):
    value = bound_field.value()
    if isinstance(bound_field.field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return [str(v) for v in value or []]
    if value is None or isinstance(bound_field.field, forms.FileField):
        # A browser never re-sends a stored file; leaving the input empty keeps it.
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return value


def _form_fields(form):
    data = {}
    for bound_field in form:
        widget = bound_field.field.widget
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # split date/time
            values = widget.decompress(bound_field.value())
            for index, value in enumerate(values):
                data[f"{bound_field.html_name}_{index}"] = "" if value is None else value
            continue
        data[bound_field.html_name] = _initial_value(bound_field)
    return data


def admin_form_data(response, **changes):
    """POST data for the admin change/add form in *response*, with *changes* applied."""
    context = response.context
    data = _form_fields(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_fields(formset.management_form))
        for form in formset.forms:
            data.update(_form_fields(form))
    data = {key: value for key, value in data.items() if value is not False}
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items()}


# The article form --------------------------------------------------------------

#: The prefix of the related-articles inline on the article form.
INLINE = "related_pins"


def article_form_data(client, **overrides):
    """What an editor fills in on the add form (and every inline as the page rendered it)."""
    section = overrides.pop("section", None) or SectionFactory()
    author = overrides.pop("author", None) or AuthorFactory()
    typed = {
        "language": "en",
        "title": "Bakeries ration bread in Idlib",
        "slug": "bakeries-ration-bread-in-idlib",
        "summary": "Flour deliveries fell by a third this month.",
        "body": "<p>Queues formed before dawn.</p><script>alert(1)</script>",
        "authors": [author.pk],
        "section": section.pk,
        "status": "published",
        "published_at_0": "2024-06-15",
        "published_at_1": "09:00:00",
    }
    typed.update(overrides)
    return admin_form_data(client.get(reverse("admin:articles_article_add")), **typed)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data_for(client, article, pins=(), **changes):
    """The article's change form as the browser posts it, with *pins* added as new rows of the related inline."""
    data = admin_form_data(client.get(change_url(article)), **changes)
    initial = int(data[f"{INLINE}-INITIAL_FORMS"])
    blank_rows = tuple(f"{INLINE}-{index}-" for index in range(initial, int(data[f"{INLINE}-TOTAL_FORMS"])))
    data = {key: value for key, value in data.items() if not key.startswith(blank_rows)}
    for index, (target, position) in enumerate(pins, start=initial):
        data[f"{INLINE}-{index}-article"] = str(article.pk)
        data[f"{INLINE}-{index}-target"] = str(target.pk)
        data[f"{INLINE}-{index}-position"] = "" if position is None else str(position)
    data[f"{INLINE}-TOTAL_FORMS"] = str(initial + len(pins))
    return data
