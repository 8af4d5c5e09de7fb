"""Pages of referrals: inbox and outbox of a unit, a referral, sending with consent, oversight,
notifications."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseForbidden, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.core.errors import GugusError, NotFound, PermissionDenied
from gugus.functions.models import Function
from gugus.organisations.countries import country_name
from gugus.organisations.models import Region
from gugus.referrals import access, selectors, services
from gugus.referrals.forms import CancelForm, CompleteForm, DeclineForm, SendForm
from gugus.referrals.models import Consent, Referral, Share
from gugus.referrals.templatetags.referral_tags import shared_rows


def _not_found():
    # Nothing in the body: not even whether the referral exists.
    return HttpResponseNotFound(b"")


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


@requires("referrals.view")
def inbox(request):
    status = request.GET.get("status", "open")
    page = _page_number(request)
    rows, more = selectors.inbox(request.user, status=status, page=page)
    now = timezone.now()
    return render(
        request,
        "referrals/inbox.html",
        {
            "rows": [(r, r.time_left(now), r.is_overdue(now)) for r in rows],
            "status": status,
            "statuses": Referral.Status.choices,
            "page": page,
            "more": more,
        },
    )


@requires("referrals.view")
def outbox(request):
    status = request.GET.get("status", "")
    page = _page_number(request)
    rows, more = selectors.outbox(request.user, status=status, page=page)
    now = timezone.now()
    return render(
        request,
        "referrals/outbox.html",
        {
            "rows": [(r, r.time_left(now), r.is_overdue(now)) for r in rows],
            "status": status,
            "statuses": Referral.Status.choices,
            "page": page,
            "more": more,
            "can_send": has_capability(request.user, "referrals.send"),
            "victims": access.victims_referable_by(request.user).select_related("case")[:50]
            if has_capability(request.user, "referrals.send")
            else [],
        },
    )


@requires("referrals.view")
def detail(request, referral_id: int):
    try:
        referral = access.access_referral(request.user, referral_id)
    except NotFound:
        return _not_found()
    shares = access.referral_shares_for(request.user, referral)
    victim_view = selectors.victim_shared_view(request.user, referral.victim, shares) if shares else {}
    consent = referral.consent
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "victim_view": shared_rows(victim_view),
            "share_labels": [Share(c).label for c in referral.share_codes],
            "events": list(referral.events.select_related("actor").order_by("at", "id")),
            "transitions": services.allowed_transitions(request.user, referral),
            "decline_form": DeclineForm(),
            "complete_form": CompleteForm(),
            "cancel_form": CancelForm(),
            "can_withdraw": consent is not None and access.can_withdraw_consent(request.user, consent),
            "time_left": referral.time_left(),
            "overdue": referral.is_overdue(),
            "show_notes": referral.from_unit_id == request.user.unit_id
            or (referral.to_unit_id == request.user.unit_id and referral.sharing_active),
        },
    )


@require_POST
@requires("referrals.view")
def transition(request, referral_id: int):
    try:
        referral = access.access_referral(request.user, referral_id)
    except NotFound:
        return _not_found()
    action = request.POST.get("action", "")
    version = request.POST.get("version") or None
    note = request.POST.get("note", "")
    calls = {
        "accept": lambda: services.referral_accept(actor=request.user, referral=referral, version=version, note=note),
        "start": lambda: services.referral_start(actor=request.user, referral=referral, version=version, note=note),
        "decline": lambda: services.referral_decline(
            actor=request.user, referral=referral, reason=request.POST.get("reason", ""), version=version, note=note
        ),
        "complete": lambda: services.referral_complete(
            actor=request.user, referral=referral, outcome=request.POST.get("outcome", ""), version=version, note=note
        ),
        "cancel": lambda: services.referral_cancel(
            actor=request.user, referral=referral, reason=request.POST.get("reason", ""), version=version, note=note
        ),
    }
    if action not in calls:
        messages.error(request, _("Unknown action."))
        return redirect("referrals:detail", referral_id=referral.pk)
    try:
        updated = calls[action]()
    except NotFound:
        return _not_found()
    except PermissionDenied as error:
        return HttpResponseForbidden(str(error.message))
    except GugusError as error:
        messages.error(request, str(error.message))
        return redirect("referrals:detail", referral_id=referral.pk)
    messages.success(request, _("Referral is now: %(status)s.") % {"status": updated.get_status_display()})
    return redirect("referrals:detail", referral_id=referral.pk)


@require_POST
@requires("referrals.view")
def consent_withdraw(request, consent_id: int):
    consent = Consent.objects.filter(pk=consent_id).first() if str(consent_id).isdigit() else None
    if consent is None or not access.can_withdraw_consent(request.user, consent):
        return _not_found()
    try:
        services.consent_withdraw(actor=request.user, consent=consent, note=request.POST.get("note", ""))
    except NotFound:
        return _not_found()
    except GugusError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Consent withdrawn: nothing more is shared under it."))
    referral = consent.referrals.order_by("-sent_at").first()
    return redirect("referrals:detail", referral_id=referral.pk) if referral else redirect("referrals:outbox")


def _referable_victim(user, victim_id):
    try:
        return access.access_referable_victim(user, victim_id)
    except NotFound:
        return None


def _victim_label(user, victim) -> str:
    name = access.referable_victim_name(user, victim)
    label = _("Victim #%(id)s in case %(case)s") % {"id": victim.pk, "case": victim.case.number}
    return f"{name} — {label}" if name else label


def _place(text):
    """The code of a place as the picker submits it (a name, or a code); as written when it names none."""
    from gugus.core.pickers import code_or_text

    return code_or_text("place", text) or None


@requires("referrals.send")
def send(request, victim_id: int):
    victim = _referable_victim(request.user, victim_id)
    if victim is None:
        return _not_found()
    initial = {}
    proposal = None
    function_code = request.GET.get("function") or request.POST.get("function")
    function = Function.objects.filter(code=function_code or "", active=True, children__isnull=True).first()
    if function is not None:
        proposal = services.routing_proposal(
            function=function, victim=victim, place=_place(request.GET.get("place") or request.POST.get("place"))
        )
        initial["function"] = function.code
        if proposal is not None and proposal.found:
            initial["to_unit"] = proposal.unit.code
    form = SendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                consent = None
                exception, basis = "", ""
                if data["basis"] == "consent":
                    consent = services.consent_record(
                        actor=request.user,
                        victim=victim,
                        recipient_unit=data["to_unit"],
                        function=data["function"],
                        scope=data["shares"],
                        given_on=data["consent_given_on"],
                        method=data["consent_method"],
                        guardian_name=data["guardian_name"],
                        guardian_relation=data["guardian_relation"],
                        no_guardian_reason=data["no_guardian_reason"],
                        note=data["consent_note"],
                    )
                else:
                    exception, basis = "law_enforcement", data["legal_basis"]
                referral = services.referral_send(
                    actor=request.user,
                    victim=victim,
                    function=data["function"],
                    to_unit=data["to_unit"],
                    shares=data["shares"],
                    consent=consent,
                    legal_exception=exception,
                    legal_basis=basis,
                    message=data["message"],
                    deviation_reason=data["deviation_reason"],
                    place=data["place"] or None,
                )
        except NotFound:
            return _not_found()
        except GugusError as error:
            field = {"scope": "shares", "given_on": "consent_given_on", "method": "consent_method"}.get(
                error.field, error.field
            )
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Referral sent."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request,
        "referrals/send.html",
        {"form": form, "victim": victim, "victim_label": _victim_label(request.user, victim), "proposal": proposal},
    )


@requires("referrals.send")
def propose(request, victim_id: int):
    """The matrix's proposal for a function (htmx fragment of the send form)."""
    victim = _referable_victim(request.user, victim_id)
    if victim is None:
        return _not_found()
    function = Function.objects.filter(code=request.GET.get("function", ""), active=True).first()
    proposal = None
    if function is not None and not function.children.exists():
        proposal = services.routing_proposal(function=function, victim=victim, place=_place(request.GET.get("place")))
    return render(request, "referrals/_proposal.html", {"proposal": proposal})


@requires("referrals.oversee")
def oversight(request):
    from gugus.assistance import selectors as assistance_selectors

    figures = selectors.oversight(request.user)
    agencies, functions, cells = selectors.overdue_matrix(figures.overdue_by_agency_function)
    services_figures = assistance_selectors.services_oversight(request.user)
    per_function_region = services_figures["per_function_region"]
    codes = set(functions) | {row["function"] for row in per_function_region}
    function_names = {f.code: f.name for f in Function.objects.filter(code__in=codes)}
    provinces = dict(
        Region.objects.filter(code__in={row["place"] for row in per_function_region}).values_list("code", "name")
    )
    language = translation.get_language() or "id"
    services_rows = [
        {
            "function": function_names.get(row["function"], row["function"]) or "—",
            "place": _("National")
            if row["place"] == "national"
            else provinces.get(row["place"]) or country_name(row["place"], language),
            "count": row["count"],
        }
        for row in per_function_region
    ]
    return render(
        request,
        "referrals/oversight.html",
        {
            "figures": figures,
            "status_rows": [(Referral.Status(s).label, n) for s, n in figures.by_status.items()],
            "agencies": agencies,
            "functions": functions,
            "function_names": function_names,
            "cells": cells,
            "services": services_figures,
            "services_rows": services_rows,
            "restitution": assistance_selectors.restitution_funnel(request.user),
        },
    )


@requires("referrals.oversee")
def overdue(request):
    page = _page_number(request)
    agency = request.GET.get("agency", "")
    function = request.GET.get("function", "")
    rows, more = selectors.overdue(request.user, agency=agency, function=function, page=page)
    now = timezone.now()
    return render(
        request,
        "referrals/overdue.html",
        {
            "rows": [(r, now - r.due_at) for r in rows],
            "page": page,
            "more": more,
            "agency": agency,
            "function": function,
        },
    )


@requires("shell.view")
def notifications(request):
    if request.method == "POST":
        ids = request.POST.getlist("id") or None
        services.notification_mark_read(actor=request.user, notification_ids=ids)
        return redirect("referrals:notifications")
    return render(request, "referrals/notifications.html", {"rows": selectors.notifications(request.user)})
