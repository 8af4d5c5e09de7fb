from django.db.models import Count
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from gugus.accounts.decorators import public, requires
from gugus.organisations.models import Region, StructureVersion, TaskForce
from gugus.organisations.selectors import current_agencies


@requires("shell.view")
def home(request):
    """The landing page: the role's work dashboard (gugus.reports); without a role, what the registry holds."""
    from gugus.reports.dashboards import has_dashboard
    from gugus.reports.views import home_dashboard

    if has_dashboard(request.user):
        return home_dashboard(request)
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")))
    context = {
        "region_counts": counts,
        "agency_count": current_agencies().count(),
        "task_force_count": TaskForce.objects.count(),
        "in_force": StructureVersion.objects.filter(status="in_force", task_force__tier="national").first(),
    }
    return render(request, "core/home.html", context)


set_language = public(django_set_language)


def _pick_view(kind: str):
    from django.http import JsonResponse

    from gugus.core.pickers import suggest

    @requires("shell.view")
    def view(request):
        """Names of ``kind`` matching ``?q=`` (at most 20), for the search-as-you-type pickers."""
        matches = suggest(kind, request.GET.get("q", ""))
        return JsonResponse({"results": [m.label for m in matches]})

    view.__name__ = f"pick_{kind}"
    return view


pick_views = {kind: _pick_view(kind) for kind in ("region", "country", "place", "unit", "agency", "function")}
