"""Reader-facing answers the import leaves behind: an old upload address leads to its image here."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def old_upload(request, name):
    """``/wp-content/uploads/<name>``: a 301 to the image an imported post featured, as stored here now; else 404."""
    url = selectors.image_of_upload(request.get_host(), name)
    if url is None:
        raise Http404
    return HttpResponsePermanentRedirect(url)
