"""Pages of services delivered to victims and of the victim's journey."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.assistance import access, selectors, services
from gugus.assistance.forms import FollowUpForm, RestitutionForm, ServiceForm, ServiceUpdateForm
from gugus.assistance.models import Kind
from gugus.core.errors import GugusError, NotFound
from gugus.referrals.access import access_victim_to_serve


def _not_found():
    return HttpResponseNotFound(b"")


@requires("assistance.record")
def service_list(request):
    rows = (
        access.services_visible_to(request.user)
        .filter(provider_unit_id=request.user.unit_id)
        .select_related("victim", "case")
        .order_by("-started_on", "-id")[:200]
        if request.user.unit_id
        else []
    )
    return render(request, "assistance/list.html", {"rows": rows})


@requires("referrals.view")
def journey(request, victim_id: int):
    try:
        result = selectors.victim_journey(request.user, victim_id)
    except NotFound:
        return _not_found()
    can_record = (
        request.user.unit_id is not None
        and has_capability(request.user, "assistance.record")
        and services.unit_serves_victim(request.user.unit_id, result.victim)
    )
    return render(request, "assistance/journey.html", {"journey": result, "can_record": can_record})


def _served_victim(user, victim_id):
    try:
        return access_victim_to_serve(user, victim_id)
    except NotFound:
        return None


@requires("assistance.record")
def record(request, victim_id: int):
    victim = _served_victim(request.user, victim_id)
    if victim is None:
        return _not_found()
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Kind.RESTITUTION:
                service = services.restitution_request(
                    actor=request.user,
                    victim=victim,
                    requested_amount=data["requested_amount"],
                    requested_on=data["started_on"],
                    note=data["note"],
                )
            else:
                service = services.service_record(
                    actor=request.user,
                    victim=victim,
                    kind=data["kind"],
                    started_on=data["started_on"],
                    ended_on=data["ended_on"],
                    status=data["status"],
                    outcome=data["outcome"],
                    cost=data["cost"],
                    from_country=data["from_country"],
                    to_region=data["to_region"],
                    note=data["note"],
                )
        except NotFound:
            return _not_found()
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Service recorded."))
            return redirect("assistance:detail", service_id=service.pk)
    return render(request, "assistance/record.html", {"form": form, "victim": victim})


@requires("referrals.view")
def detail(request, service_id: int):
    try:
        service = access.access_service(request.user, service_id)
    except NotFound:
        return _not_found()
    editable = access.can_edit_service(request.user, service)
    restitution = getattr(service, "restitution", None) if service.kind == Kind.RESTITUTION else None
    return render(
        request,
        "assistance/detail.html",
        {
            "service": service,
            "editable": editable,
            "restitution": restitution,
            "payment_overdue": restitution.is_payment_overdue(timezone.localdate()) if restitution else False,
            "follow_ups": list(service.follow_ups.all()),
            "realised": selectors.service_realised(service),
            "update_form": ServiceUpdateForm(
                initial={
                    "version": service.version,
                    "status": service.status,
                    "ended_on": service.ended_on,
                    "outcome": service.outcome,
                    "cost": service.cost,
                }
            ),
            "restitution_form": RestitutionForm(),
            "follow_up_form": FollowUpForm(),
        },
    )


def _editable_service(user, service_id):
    try:
        service = access.access_service(user, service_id)
    except NotFound:
        return None
    return service if access.can_edit_service(user, service) else None


def _run(request, service, call):
    try:
        call()
    except NotFound:
        return _not_found()
    except GugusError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("assistance:detail", service_id=service.pk)


def _post_form(request, service_id: int, form_class, call):
    """Validate ``form_class`` for a service the user may edit, then run ``call(service, data)``."""
    service = _editable_service(request.user, service_id)
    if service is None:
        return _not_found()
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("assistance:detail", service_id=service.pk)
    data = form.cleaned_data
    return _run(request, service, lambda: call(service, data))


@require_POST
@requires("assistance.record")
def update(request, service_id: int):
    return _post_form(
        request,
        service_id,
        ServiceUpdateForm,
        lambda service, data: services.service_update(
            actor=request.user,
            service=service,
            version=data["version"],
            status=data["status"],
            ended_on=data["ended_on"],
            outcome=data["outcome"],
            cost=data["cost"],
        ),
    )


@require_POST
@requires("assistance.record")
def restitution(request, service_id: int):
    return _post_form(
        request,
        service_id,
        RestitutionForm,
        lambda service, data: services.restitution_advance(
            actor=request.user,
            service=service,
            stage=data["stage"],
            amount=data["amount"],
            on=data["on"],
            court_reference=data["court_reference"],
        ),
    )


@require_POST
@requires("assistance.record")
def follow_up(request, service_id: int):
    return _post_form(
        request,
        service_id,
        FollowUpForm,
        lambda service, data: services.follow_up_record(
            actor=request.user, service=service, on=data["on"], situation=data["situation"], note=data["note"]
        ),
    )
