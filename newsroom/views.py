"""Site-wide views that belong to no edition."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    """Liveness probe for load balancers (and the benchmarks' baseline): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
