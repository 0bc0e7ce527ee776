"""Build admin POST data the way a browser would: from the form the page actually rendered.

Admin pages grow inlines (related articles, ...); a test that hand-writes every
management-form field breaks whenever one is added. This reads the rendered
form and its inline formsets instead, so a test only states what the editor
types.
"""

from django import forms


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
