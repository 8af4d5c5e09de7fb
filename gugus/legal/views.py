"""Pages of the legal track, compounds, repatriation batches and online exploitation: thin, over the services.

Every object comes through an access function; out of scope answers 404 with an empty body. A
refused or invalid write shows the service's message, prefixed with the field it names.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.cases.access import access_case
from gugus.core.errors import GugusError, ImportRejected, NotFound
from gugus.core.pickers import code_or_text
from gugus.legal import access, selectors, services
from gugus.legal.models import (
    Appeal,
    Article,
    Charge,
    Compound,
    CompoundFact,
    OnlineCategory,
    OnlineItem,
    Screening,
    Step,
    Suspect,
    TakedownRequest,
    Verdict,
)
from gugus.legal.repatriation import member_screen, repatriation_import
from gugus.organisations.countries import country_name
from gugus.organisations.models import AgencyUnit
from gugus.people.models import CaseRole
from gugus.referrals.models import Referral

FIELD_LABELS = {
    "report_number": gettext_lazy("Police report (LP) number"),
    "report_date": gettext_lazy("Police report date"),
    "sprindik_number": gettext_lazy("Investigation warrant (sprindik) number"),
    "sprindik_date": gettext_lazy("Investigation warrant date"),
    "on": gettext_lazy("Date"),
    "reference": gettext_lazy("Document number"),
    "kind": gettext_lazy("Stage"),
    "prosecutor_unit": gettext_lazy("Prosecutor's office"),
    "full_name": gettext_lazy("Full name"),
    "case_role": gettext_lazy("Suspect"),
    "status": gettext_lazy("Status"),
    "article": gettext_lazy("Article"),
    "court_name": gettext_lazy("Court"),
    "decided_on": gettext_lazy("Decided on"),
    "outcome": gettext_lazy("Outcome"),
    "prison_months": gettext_lazy("Prison (months)"),
    "fine_idr": gettext_lazy("Fine (Rp)"),
    "restitution_ordered_idr": gettext_lazy("Restitution ordered (Rp)"),
    "restitution_victim": gettext_lazy("Restitution for"),
    "restitution": gettext_lazy("Restitution for"),
    "amount": gettext_lazy("Amount (Rp)"),
    "paid_on": gettext_lazy("Paid on"),
    "final_on": gettext_lazy("Final on"),
    "filed_on": gettext_lazy("Filed on"),
    "unit": gettext_lazy("Unit"),
    "reason": gettext_lazy("Reason"),
    "name": gettext_lazy("Name"),
    "country": gettext_lazy("Country"),
    "value": gettext_lazy("Fact"),
    "source": gettext_lazy("Source"),
    "observed_on": gettext_lazy("Date of the fact"),
    "platform": gettext_lazy("Platform"),
    "url": gettext_lazy("URL"),
    "category": gettext_lazy("Category"),
    "sent_on": gettext_lazy("Sent on"),
    "answered_on": gettext_lazy("Answered on"),
    "batch": gettext_lazy("Batch"),
}


def _not_found():
    return HttpResponseNotFound(b"")


def _error(request, error: GugusError) -> None:
    label = FIELD_LABELS.get(error.field or "")
    messages.error(request, f"{label}: {error.message}" if label else str(error.message))


def _personal(user) -> bool:
    return has_capability(user, "people.view_personal")


@requires("legal.view")
def home(request):
    """Investigation referrals to the user's unit and the legal tracks the user may see."""
    investigations = list(
        access.investigations_visible_to(request.user).select_related("case", "unit").order_by("-report_date")[:100]
    )
    return render(
        request,
        "legal/home.html",
        {
            "referrals": selectors.investigation_referrals_to(request.user),
            "investigations": investigations,
        },
    )


@requires("legal.view")
def case_track(request, case_id: int):
    """A case's legal tracks, and the form to open one from its police report."""
    try:
        case = access.case_for_legal(request.user, case_id)
    except NotFound:
        return _not_found()
    tracks = list(access.investigations_visible_to(request.user).filter(case=case).select_related("unit"))
    referral = (
        Referral.objects.filter(case=case, to_unit_id=request.user.unit_id, status=Referral.Status.ACCEPTED)
        .filter(function__code__in=("investigation", "prosecution"))
        .first()
        if request.user.unit_id
        else None
    )
    return render(
        request,
        "legal/case.html",
        {
            "case": case,
            "tracks": tracks,
            "referral": referral,
            "can_open": access.can_open_investigation(request.user, case),
            "online_items": list(OnlineItem.objects.filter(case=case).prefetch_related("requests")),
            "can_online": access.can_record_online(request.user, case),
            "personal": _personal(request.user),
            "categories": OnlineCategory.choices,
            "request_kinds": TakedownRequest.Kind.choices,
            "recipients": TakedownRequest.Recipient.choices,
            "outcomes": [c for c in TakedownRequest.Outcome.choices if c[0] != "pending"],
        },
    )


@require_POST
@requires("legal.record")
def investigation_open(request, case_id: int):
    try:
        case = access.case_for_legal(request.user, case_id)
    except NotFound:
        return _not_found()
    referral = None
    if request.POST.get("referral"):
        referral = Referral.objects.filter(
            pk=request.POST["referral"], case=case, to_unit_id=request.user.unit_id
        ).first()
    try:
        investigation = services.investigation_open(
            actor=request.user,
            case=case,
            report_number=request.POST.get("report_number", ""),
            report_date=request.POST.get("report_date", ""),
            sprindik_number=request.POST.get("sprindik_number", ""),
            sprindik_date=request.POST.get("sprindik_date", ""),
            referral=referral,
        )
    except NotFound:
        return _not_found()
    except GugusError as error:
        _error(request, error)
        return redirect("legal:case", case_id=case.pk)
    messages.success(request, _("Legal track opened."))
    return redirect("legal:track", investigation_id=investigation.pk)


@requires("legal.view")
def track(request, investigation_id: int):
    """The legal track: its stages with who recorded them, deadlines with their source, suspects, charges, verdicts."""
    try:
        investigation = access.access_investigation(request.user, investigation_id)
    except NotFound:
        return _not_found()
    personal = _personal(request.user)
    suspects = selectors.track_suspects(request.user, investigation)
    for index, suspect in enumerate(suspects, start=1):
        suspect.label = (suspect.case_role.person.full_name or "") if personal else _("Suspect %(n)s") % {"n": index}
    can_record = access.can_record(request.user, investigation)
    language = (get_language() or "id")[:2]
    articles = [(a.pk, a.citation, a.summary(language)) for a in Article.objects.filter(active=True)]
    step_kinds = [
        (k, label)
        for k, label in Step.Kind.choices
        if k not in services.OWN_SERVICE_STEPS and access.can_record(request.user, investigation, k)
    ]
    return render(
        request,
        "legal/track.html",
        {
            "investigation": investigation,
            "steps": list(investigation.steps.select_related("recorded_by", "recorded_unit")),
            "deadlines": selectors.track_deadlines(investigation),
            "suspects": suspects,
            "choices": selectors.suspect_choices(investigation) if can_record else [],
            "victims": [
                (pk, _("Victim %(n)s") % {"n": index})
                for index, pk in enumerate(
                    CaseRole.objects.filter(case_id=investigation.case_id, role=CaseRole.Role.VICTIM)
                    .order_by("pk")
                    .values_list("pk", flat=True),
                    start=1,
                )
            ],
            "personal": personal,
            "can_record": can_record,
            "can_record_any": can_record or access.can_record(request.user, investigation, Step.Kind.P21),
            "step_kinds": step_kinds,
            "articles": articles,
            "charge_stages": Charge.Stage.choices,
            "statuses": [c for c in Suspect.Status.choices if c[0] not in ("convicted", "acquitted")],
            "outcomes": Verdict.Outcome.choices,
            "courts": Verdict.Court.choices,
            "appeal_levels": Appeal.Level.choices,
            "appeal_by": Appeal.By.choices,
            "prosecutors": AgencyUnit.objects.filter(agency__kind="prosecution", active=True).order_by("name"),
            "units": AgencyUnit.objects.filter(active=True).exclude(pk=investigation.unit_id).order_by("name")[:500],
            "today": None,
        },
    )


def _suspect_of(investigation, pk) -> Suspect:
    suspect = investigation.suspects.filter(pk=pk).first() if str(pk or "").isdigit() else None
    if suspect is None:
        raise NotFound(_("No such suspect."))
    return suspect


def _verdict_of(investigation, pk) -> Verdict:
    verdict = (
        Verdict.objects.filter(pk=pk, suspect__investigation=investigation).first() if str(pk or "").isdigit() else None
    )
    if verdict is None:
        raise NotFound(_("No such verdict."))
    return verdict


@require_POST
@requires("legal.view")
def track_record(request, investigation_id: int, action: str):
    """One write on the track: a stage, a suspect, a charge, a verdict, finality, restitution, an appeal, a share."""
    try:
        investigation = access.access_investigation(request.user, investigation_id)
    except NotFound:
        return _not_found()
    post, user = request.POST, request.user
    try:
        if action == "step":
            unit = (
                AgencyUnit.objects.filter(code=post.get("prosecutor_unit")).first()
                if post.get("prosecutor_unit")
                else None
            )
            services.step_record(
                actor=user,
                investigation=investigation,
                kind=post.get("kind", ""),
                on=post.get("on", ""),
                reference=post.get("reference", ""),
                note=post.get("note", ""),
                prosecutor_unit=unit,
                version=post.get("version"),
            )
        elif action == "suspect":
            role = None
            if post.get("case_role"):
                role = CaseRole.objects.filter(pk=post["case_role"], case_id=investigation.case_id).first() if post[
                    "case_role"
                ].isdigit() else None  # fmt: skip
                if role is None:
                    raise NotFound(_("No such suspect."))
            fields = {} if role else {"full_name": post.get("full_name", ""), "sex": post.get("sex", "")}
            services.suspect_add(
                actor=user, investigation=investigation, case_role=role, status=post.get("status", "suspect"),
                status_on=post.get("status_on", ""), **fields,
            )  # fmt: skip
        elif action == "status":
            services.suspect_status_set(
                actor=user, suspect=_suspect_of(investigation, post.get("suspect")), status=post.get("status", ""),
                on=post.get("on", ""),
            )  # fmt: skip
        elif action == "charge":
            services.charge_add(
                actor=user, suspect=_suspect_of(investigation, post.get("suspect")), article=post.get("article", ""),
                stage=post.get("stage", "investigation"),
            )  # fmt: skip
        elif action == "verdict":
            services.verdict_record(
                actor=user,
                suspect=_suspect_of(investigation, post.get("suspect")),
                court=post.get("court", "district"),
                court_name=post.get("court_name", ""),
                decision_number=post.get("decision_number", ""),
                decided_on=post.get("decided_on", ""),
                outcome=post.get("outcome", ""),
                prison_months=post.get("prison_months", ""),
                fine_idr=post.get("fine_idr", ""),
                restitution_ordered_idr=post.get("restitution_ordered_idr", ""),
                restitution_victim=post.get("restitution_victim", ""),
            )
        elif action == "final":
            services.verdict_final(
                actor=user, verdict=_verdict_of(investigation, post.get("verdict")), final_on=post.get("final_on", "")
            )
        elif action == "restitution":
            services.restitution_paid(
                actor=user, verdict=_verdict_of(investigation, post.get("verdict")), amount=post.get("amount", ""),
                paid_on=post.get("paid_on", ""), restitution=post.get("restitution", ""),
            )  # fmt: skip
        elif action == "appeal":
            services.appeal_record(
                actor=user, verdict=_verdict_of(investigation, post.get("verdict")), level=post.get("level", ""),
                filed_by=post.get("filed_by", ""), filed_on=post.get("filed_on", ""),
            )  # fmt: skip
        elif action == "share":
            unit = AgencyUnit.objects.filter(code=post.get("unit", "")).first()
            services.track_share(actor=user, investigation=investigation, unit=unit, reason=post.get("reason", ""))
        else:
            return _not_found()
    except NotFound:
        return _not_found()
    except GugusError as error:
        _error(request, error)
    else:
        messages.success(request, _("Recorded."))
    return redirect("legal:track", investigation_id=investigation.pk)


# --- online exploitation ---------------------------------------------------------------------------


@require_POST
@requires("cases.view")
def online_record(request, case_id: int, action: str):
    try:
        case = access_case(request.user, case_id)
    except NotFound:
        return _not_found()
    post = request.POST
    try:
        if action == "item":
            services.online_item_add(
                actor=request.user, case=case, category=post.get("category", ""), platform=post.get("platform", ""),
                account=post.get("account", ""), url=post.get("url", ""), first_seen_on=post.get("first_seen_on", ""),
            )  # fmt: skip
        elif action in ("request", "answer"):
            item_id = post.get("item", "")
            item = OnlineItem.objects.filter(pk=item_id, case=case).first() if item_id.isdigit() else None
            if item is None:
                return _not_found()
            if action == "request":
                services.takedown_send(
                    actor=request.user, item=item, kind=post.get("kind", ""), recipient=post.get("recipient", ""),
                    sent_on=post.get("sent_on", ""), reference=post.get("reference", ""),
                )  # fmt: skip
            else:
                request_id = post.get("request", "")
                sent = item.requests.filter(pk=request_id).first() if request_id.isdigit() else None
                if sent is None:
                    return _not_found()
                services.takedown_answer(
                    actor=request.user, request=sent, outcome=post.get("outcome", ""),
                    answered_on=post.get("answered_on", ""),
                )  # fmt: skip
        else:
            return _not_found()
    except NotFound:
        return _not_found()
    except GugusError as error:
        _error(request, error)
    else:
        messages.success(request, _("Recorded."))
    return redirect("legal:case", case_id=case.pk)


# --- compounds -------------------------------------------------------------------------------------


@requires("cases.view")
def compounds(request):
    if request.method == "POST":
        if not has_capability(request.user, "cases.edit"):
            return _not_found()
        try:
            compound = services.compound_create(
                actor=request.user,
                name=request.POST.get("name", ""),
                country=code_or_text("country", request.POST.get("country", "")),
                locality=request.POST.get("locality", ""),
                kind=request.POST.get("kind", Compound.Kind.SCAM_COMPOUND),
            )
        except GugusError as error:
            _error(request, error)
        else:
            messages.success(request, _("Compound registered."))
            return redirect("legal:compound", compound_id=compound.pk)
    rows = [(c, country_name(c.country, (get_language() or "id")[:2])) for c in selectors.compounds_list()]
    return render(
        request,
        "legal/compounds.html",
        {"rows": rows, "kinds": Compound.Kind.choices, "can_edit": has_capability(request.user, "cases.edit")},
    )


@requires("cases.view")
def compound(request, compound_id: int):
    found = Compound.objects.filter(pk=compound_id).first()
    if found is None:
        return _not_found()
    personal = _personal(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "fact":
                services.compound_fact_add(
                    actor=request.user, compound=found, kind=request.POST.get("kind", ""),
                    value=request.POST.get("value", ""), source=request.POST.get("source", ""),
                    observed_on=request.POST.get("observed_on", ""),
                )  # fmt: skip
            elif request.POST.get("action") == "link":
                case = access_case(request.user, request.POST.get("case", ""))
                services.compound_link(
                    actor=request.user, compound=found, case=case, source=request.POST.get("source", ""),
                    observed_on=request.POST.get("observed_on", ""),
                )  # fmt: skip
        except GugusError as error:
            _error(request, error)
        else:
            messages.success(request, _("Recorded."))
        return redirect("legal:compound", compound_id=found.pk)
    facts = selectors.compound_facts(request.user, found)
    for fact in facts:
        fact.shown = fact.value if (personal or fact.kind != CompoundFact.Kind.OPERATOR) else "—"
        if fact.kind == CompoundFact.Kind.STATUS:
            fact.shown = Compound.Status(fact.value).label if fact.value in Compound.Status.values else fact.value
    from gugus.cases.access import cases_visible_to

    return render(
        request,
        "legal/compound.html",
        {
            "compound": found,
            "country": country_name(found.country, (get_language() or "id")[:2]),
            "advisory": selectors.destination_advisory(found.country),
            "facts": facts,
            "links": list(selectors.compound_cases(request.user, found)),
            "batches": list(selectors.batches_visible_to(request.user).filter(compound=found)),
            "fact_kinds": CompoundFact.Kind.choices,
            "can_edit": has_capability(request.user, "cases.edit"),
            "my_cases": list(cases_visible_to(request.user).order_by("-reported_on")[:200].values_list("pk", "number")),
        },
    )


# --- repatriation batches --------------------------------------------------------------------------


@requires("cases.view")
def batches(request):
    """The batches of the user's unit, and (with ``cases.import``) the form to upload one."""
    errors = []
    if request.method == "POST":
        if not has_capability(request.user, "cases.import") or not request.user.unit_id:
            return _not_found()
        upload = request.FILES.get("file")
        compound_id = request.POST.get("compound", "")
        chosen = Compound.objects.filter(pk=compound_id).first() if compound_id.isdigit() else None
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            try:
                result = repatriation_import(
                    actor=request.user,
                    unit=request.user.unit,
                    name=request.POST.get("batch", ""),
                    data=upload.read(),
                    filename=upload.name,
                    compound=chosen,
                )
            except ImportRejected as rejected:
                errors = rejected.errors[:200]
                messages.error(request, _("%(n)s problem(s); nothing was imported.") % {"n": len(rejected.errors)})
            except GugusError as error:
                _error(request, error)
            else:
                messages.success(request, _("Batch imported."))
                return redirect("legal:batch", batch_id=result.batch.pk)
    return render(
        request,
        "legal/batches.html",
        {
            "batches": list(selectors.batches_visible_to(request.user).order_by("-imported_at")[:100]),
            "errors": errors,
            "can_import": has_capability(request.user, "cases.import") and bool(request.user.unit_id),
            "compounds": Compound.objects.order_by("name"),
        },
    )


@requires("cases.view")
def batch(request, batch_id: int):
    found = selectors.batches_visible_to(request.user).filter(pk=batch_id).first()
    if found is None:
        return _not_found()
    own = request.user.unit_id == found.unit_id
    if request.method == "POST":
        member_id = request.POST.get("member", "")
        member = found.members.filter(pk=member_id).first() if own and member_id.isdigit() else None
        if member is None:
            return _not_found()
        try:
            member_screen(actor=request.user, member=member, screening=request.POST.get("screening", ""))
        except GugusError as error:
            _error(request, error)
        else:
            messages.success(request, _("Recorded."))
        return redirect("legal:batch", batch_id=found.pk)
    members = list(found.members.select_related("case").order_by("line")) if own else []
    return render(
        request,
        "legal/batch.html",
        {
            "batch": found,
            "members": members,
            "screenings": Screening.choices,
            "can_screen": own and has_capability(request.user, "cases.edit"),
        },
    )
