"""Old addresses answer with a 301 to the article's address now.

Only a request that nothing else answered (a 404) is looked up, so an old
address can never shadow a page of this site, and the lookup costs nothing on
pages that exist. The target is always one of our own article addresses,
built from the article, never from the request: no open redirect. Place it
after LocaleMiddleware and CommonMiddleware, so it sees the 404 before they
turn ``/?p=5`` into ``/en/?p=5`` or add a slash.
"""

from django.http import HttpResponsePermanentRedirect

from .selectors import live_article_for_request


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        article = live_article_for_request(request)
        if article is None:
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url())
