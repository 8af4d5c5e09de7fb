"""Network pages: ranked groups (list), one group's graph (Cytoscape) and list, GraphML export,
and recording a bank account, social-media account or address of a person.

Groups are rebuilt in the user's scope on every request (``network_cases_visible_to``); a group
key that is not a group in that scope answers 404 with an empty body.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gugus.accounts.decorators import requires
from gugus.cases.access import can_edit_case, cases_visible_to
from gugus.cases.models import Case
from gugus.core.errors import GugusError, NotFound, ValidationFailed
from gugus.networks import selectors, services
from gugus.networks.forms import IdentifierForm
from gugus.people.access import access_person
from gugus.people.models import CaseRole


def _not_found():
    return HttpResponseNotFound(b"")


@requires("networks.view")
def network_list(request):
    network = selectors.network_of(request.user)
    groups = network.groups[:100]
    numbers = dict(Case.objects.filter(pk__in=[g.cases[0] for g in groups]).values_list("pk", "number"))
    rows = [
        {
            "group": g,
            "first_case": numbers.get(g.cases[0], ""),
            "kinds": [(selectors.NODE_KINDS.get(k, k), n) for k, n in sorted(g.kinds.items())],
        }
        for g in groups
    ]
    return render(request, "networks/list.html", {"rows": rows, "total": len(network.groups)})


@requires("networks.view")
def group_detail(request, key: str):
    found = selectors.group_graph_read(request.user, key)
    if found is None:
        return _not_found()
    group, graph = found
    return render(
        request,
        "networks/detail.html",
        {"group": group, "graph": graph, "kinds": selectors.NODE_KINDS},
    )


@requires("networks.view")
def group_graph_json(request, key: str):
    found = selectors.group_graph_read(request.user, key)
    if found is None:
        return _not_found()
    return JsonResponse(found[1])


@requires("networks.view")
def export_graphml(request):
    """GraphML of one group (?group=g12) or of every group in scope."""
    key = request.GET.get("group", "")
    content = selectors.graphml_export(request.user, key)
    if content is None:
        return _not_found()
    response = HttpResponse(content, content_type="application/graphml+xml")
    response["Content-Disposition"] = f'attachment; filename="gugus-network-{key or "all"}.graphml"'
    return response


@requires("cases.edit")
def identifier_add(request, person_id: int):
    """Record a bank account, social-media account or address of a person in a case the user edits."""
    try:
        person = access_person(request.user, person_id)
    except NotFound:
        return _not_found()
    cases = cases_visible_to(request.user).filter(pk__in=CaseRole.objects.filter(person=person).values("case_id"))
    if not any(can_edit_case(request.user, case) for case in cases):
        return HttpResponseForbidden(_("Only a unit with a case of this person records its identifiers."))
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identifier_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except GugusError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Identifier recorded."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "networks/identifier_add.html", {"person": person, "form": form})
