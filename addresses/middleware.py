"""Old addresses answer with a 301 to the article's address now, or 410 Gone for a story taken down.

Only a request that nothing else answered (a 404) is looked up, so an old
address can never shadow a page of this site, and the lookup costs nothing on
pages that exist. The target is always one of our own article addresses,
built from the article, never from the request: no open redirect. Place it
after LocaleMiddleware and CommonMiddleware, so it sees the 404 before they
turn ``/?p=5`` into ``/en/?p=5`` or add a slash. An address that once led to
a live story since unpublished or deleted answers 410 Gone, with a page
saying so in the edition's language; one that never did stays a 404. The
WordPress forms of an imported post's address (``amp/``, ``feed/``, ``2/``,
``index.php``…) answer as the address itself (``addresses.keys``). On an old
site's host (``OldHost``), its home, feed, category, tag and author pages
answer with a 301 to this site's (``addresses.archives``).
"""

from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse

from .selectors import address_for_request, old_site_page_for_request


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        found = address_for_request(request)
        if found is None:
            page = old_site_page_for_request(request)
            return HttpResponsePermanentRedirect(page) if page is not None else response
        if found.article is not None:
            return HttpResponsePermanentRedirect(found.article.get_absolute_url())
        return TemplateResponse(request, "410.html", {"page_appeal": None}, status=410).render()
