"""Identity pages: the intake check (htmx), the review queue, a person's identity with its golden
record and merges, undo, and the people count of the case list.

Thin views: they reach records through the access functions (out of scope answers 404 with an
empty body), call one selector or service; the selectors record every read of personal data.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.core.errors import GugusError, NotFound, RateLimited
from gugus.identity import selectors, services
from gugus.identity.access import access_merge, access_review
from gugus.identity.models import ReviewPair
from gugus.organisations.countries import country_name
from gugus.organisations.models import Region
from gugus.people.access import access_person, people_visible_to
from gugus.people.models import CaseRole, Person

CHECK_FIELDS = ("full_name", "aliases", "sex", "birth_date", "birth_place", "nik", "phones", "passport_no",
                "address_region")  # fmt: skip


def _not_found():
    return HttpResponseNotFound(b"")


def _visible_ids(user, ids) -> set[int]:
    if not ids or not has_capability(user, "people.view_personal"):
        return set()
    return set(people_visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def check_view_context(user, candidates) -> list[dict]:
    """Candidates as a user may see them: name and link only for records in the user's scope."""
    visible = _visible_ids(user, [c.person_id for c in candidates])
    return [
        {
            "candidate": c,
            "visible": c.person_id in visible,
            "name": c.person.full_name if c.person_id in visible else "",
            "percent": round(c.probability * 100, 1),
        }
        for c in candidates
    ]


# --- the intake check ------------------------------------------------------------------------------


@require_POST
@requires("cases.create")
def intake_check(request):
    """Possible matches of the person being typed into an intake form (htmx partial)."""
    prefix = request.POST.get("_prefix", "").strip()
    key = (prefix + "-") if prefix else ""
    fields = {name: request.POST.get(key + name, "") for name in CHECK_FIELDS}
    kind = request.POST.get(key + "kind") or Person.Kind.INDIVIDUAL
    if kind not in Person.Kind.values:
        kind = Person.Kind.INDIVIDUAL
    if len(fields["full_name"].strip()) < 3 and not (fields["nik"] or fields["passport_no"] or fields["phones"]):
        return render(request, "identity/_matches.html", {"rows": [], "asked": False})
    try:
        rows = selectors.intake_check(request.user, fields, kind=kind)
    except RateLimited as error:
        return render(request, "identity/_matches.html", {"rows": [], "asked": True, "limited": error.message})
    return render(request, "identity/_matches.html", {"rows": rows, "asked": True})


# --- the review queue ------------------------------------------------------------------------------


def _place_name(value: str) -> str:
    """A place as written, or a region's name when what was written is a Kemendagri code ("35.78")."""
    if value and re.fullmatch(r"\d{2}(?:\.\d{2}){0,3}", value.strip()):
        region = Region.objects.filter(code=value.strip()).first()
        if region:
            return region.name
    return value


def _record_view(person: Person) -> dict:
    unit = person.recorded_by_unit
    return {
        "person": person,
        "agency": unit.agency.abbreviation if unit else "",
        "unit": unit.name if unit else "",
        "birth_place": _place_name(person.birth_place or ""),
    }


@requires("linkage.review")
def review_list(request):
    status = request.GET.get("status", ReviewPair.Status.PENDING)
    if status not in ReviewPair.Status.values:
        status = ReviewPair.Status.PENDING
    pairs = selectors.review_queue_page(request.user, status=status)
    rows = [
        {"pair": p, "a": _record_view(p.person_a), "b": _record_view(p.person_b), "evidence": selectors.evidence_of(p)}
        for p in pairs
    ]
    return render(
        request,
        "identity/review_list.html",
        {"rows": rows, "status": status, "statuses": ReviewPair.Status.choices},
    )


@requires("linkage.review")
def review_detail(request, review_id: int):
    """One pair side by side, with the evidence; a reviewer decides same person or different people."""
    try:
        pair = access_review(request.user, review_id)
    except NotFound:
        return _not_found()
    if request.method == "POST":
        try:
            services.review_decide(
                actor=request.user,
                review=pair,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
                confirmed=request.POST.get("confirmed") == "yes",
                choices=_posted_choices(request),
            )
        except GugusError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("identity:review", review_id=pair.pk)
    a, b = pair.person_a, pair.person_b
    comparison = selectors.review_side_by_side(request.user, pair)  # records the read
    language = translation.get_language() or "id"
    for row in comparison:
        if row.name == "nationality":  # people read the country's name, not its ISO code
            row.left = [country_name(v, language) for v in row.left]
            row.right = [country_name(v, language) for v in row.right]
        elif row.name == "birth_place":
            row.left = [_place_name(v) for v in row.left]
            row.right = [_place_name(v) for v in row.right]
    return render(
        request,
        "identity/review_detail.html",
        {
            "pair": pair,
            "a": _record_view(a),
            "b": _record_view(b),
            "evidence": selectors.evidence_of(pair),
            "pending": pair.status == ReviewPair.Status.PENDING,
            "comparison": comparison,
            "warnings": [row for row in comparison if row.warning],
            "choosable": selectors.CHOOSABLE_FIELDS,
        },
    )


def _posted_choices(request) -> dict[str, str]:
    """The reviewer's choice of surviving value per field: form fields named choice-<field>."""
    return {
        key.removeprefix("choice-"): value for key, value in request.POST.items() if key.startswith("choice-") and value
    }


# --- a person's identity ---------------------------------------------------------------------------


@requires("people.view_personal")
def person_identity(request, person_id: int):
    """The person page's section: the golden record with each value's source agency, the records
    grouped, the merges (undo for reviewers) and possible matches in scope."""
    try:
        person = access_person(request.user, person_id)
    except NotFound:
        return _not_found()
    golden = selectors.golden_record(person, viewer=request.user)
    visible = _visible_ids(request.user, [r.pk for r in golden.records])
    reviewer = has_capability(request.user, "linkage.review")
    matches = []
    if reviewer:
        matches = [row for row in check_view_context(request.user, selectors.person_matches(person)) if row["visible"]]
    return render(
        request,
        "identity/_person.html",
        {
            "person": person,
            "golden": golden,
            "records": [{**_record_view(r), "visible": r.pk in visible} for r in golden.records],
            "reviewer": reviewer,
            "matches": matches,
        },
    )


@require_POST
@requires("linkage.review")
def person_merge(request, person_id: int):
    """Merge the person with another record the reviewer may see (a decision taken on the person page)."""
    try:
        person = access_person(request.user, person_id)
        other = access_person(request.user, request.POST.get("other", ""))
    except NotFound:
        return _not_found()
    try:
        services.identity_merge(
            actor=request.user,
            persons=[person, other],
            source="manual",
            reason=request.POST.get("reason", ""),
            confirmed=request.POST.get("confirmed") == "yes",
            choices=_posted_choices(request),
        )
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Records merged into one person. The merge can be undone."))
    return redirect("people:detail", person_id=person.pk)


@require_POST
@requires("linkage.review")
def merge_undo(request, merge_id: int):
    try:
        merge = access_merge(request.user, merge_id)
    except NotFound:
        return _not_found()
    try:
        services.merge_undo(actor=request.user, merge=merge)
    except GugusError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Merge undone: the records are separate again."))
    return redirect("people:detail", person_id=merge.person_ids[0])


# --- counting people -------------------------------------------------------------------------------


@requires("cases.view")
def case_list_count(request):
    """Victims of the listed cases: people (resolved identities) and records (htmx, for the case list)."""
    from gugus.cases import selectors as case_selectors
    from gugus.cases.forms import CaseFilterForm
    from gugus.cases.search_tokens import search_recall

    # A search is named by its opaque token (?s=), never by identifiers in the URL.
    params = search_recall(request, request.GET.get("s"))
    if params is None:
        params = request.GET.copy()
        for name in ("q", "s", "page"):
            params.pop(name, None)
    form = CaseFilterForm(params or None)
    filters = case_selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = case_selectors.CaseFilters(
            status=data["status"],
            exploitation_type=data["exploitation_type"],
            region=data["region"].strip(),
            destination_country=data["destination_country"].strip(),
            reported_from=data["reported_from"],
            reported_to=data["reported_to"],
            q=data["q"].strip(),
        )
    cases = case_selectors.cases_list(request.user, filters)
    from django.db.models import Q

    from gugus.referrals.access import victims_served_by

    # The victims of the listed cases, and those the user's unit serves through referrals.
    victims = CaseRole.objects.filter(
        Q(case__in=cases.values("pk"), role=CaseRole.Role.VICTIM)
        | Q(pk__in=victims_served_by(request.user).values("pk"))
    )
    labels = {
        "not_assessed": _("not yet assessed"),
        "suspected": _("suspected victims"),
        "identified": _("identified victims"),
        "not_victim": _("assessed as not victims"),
    }
    rows = [{**row, "label": labels[row["status"]]} for row in selectors.victim_counts_by_status(victims)]
    return render(request, "identity/_case_count.html", {"rows": rows})
