"""A person's page and their data-subject requests. Every read is audited by the selectors it calls
(``people.selectors.person_page``, ``subject_rights_page``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gugus.accounts.decorators import requires
from gugus.core.errors import GugusError, NotFound, ValidationFailed
from gugus.people.access import access_person, people_visible_to
from gugus.people.selectors import person_page, subject_rights_page


@requires("people.view_personal")
def person_detail(request, person_id: int):
    from gugus.accounts.roles import has_capability

    try:
        page = person_page(request.user, person_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    return render(
        request,
        "people/detail.html",
        {
            "person": page.person,
            "roles": page.roles,
            "subject_rights": has_capability(request.user, "people.subject_rights"),
        },
    )


# --- data subject rights (UU 27/2022) ----------------------------------------------------------------


def _subject_page(request, person, *, errors=None, values=None, refused=None, status=200):
    from gugus.people.models import SubjectRequest

    page = subject_rights_page(request.user, person.pk)  # records the read
    requests, requesters = page.requests, page.requesters
    return render(
        request,
        "people/subject_rights.html",
        {
            "person": person,
            "requests": requests,
            "requesters": requesters,
            "kinds": SubjectRequest.Kind.choices,
            "refusals": SubjectRequest.Refusal.choices,
            "errors": errors or {},
            "values": values or {},
            "refused": refused,
        },
        status=status,
    )


@requires("people.subject_rights")
def subject_rights(request, person_id: int):
    """A person's requests under UU 27/2022 and how they were handled; the form of a new one."""
    try:
        person = access_person(request.user, person_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    return _subject_page(request, person)


@require_POST
@requires("people.subject_rights")
def subject_request_new(request, person_id: int):
    from gugus.people import services

    try:
        person = access_person(request.user, person_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    values = {key: request.POST.get(key, "").strip() for key in ("kind", "received_on", "requester", "detail")}
    requester = None
    try:
        if values["requester"]:
            requester = people_visible_to(request.user).filter(pk=_int(values["requester"])).first()
            if requester is None:
                raise ValidationFailed(_("Choose who asked from the list."), field="requester")
        services.subject_request_record(
            actor=request.user, person=person, kind=values["kind"], received_on=values["received_on"],
            requester=requester, detail=values["detail"],
        )  # fmt: skip
    except NotFound:
        return HttpResponseNotFound(b"")
    except GugusError as error:
        return _subject_page(request, person, errors={error.field or "form": error.message}, values=values, status=400)
    messages.success(request, _("Request recorded."))
    return redirect("people:subject_rights", person_id=person.pk)


def _subject_request_of(user, request_id):
    """A request about a person the officer may see; NotFound otherwise."""
    from gugus.people.models import SubjectRequest

    found = SubjectRequest.objects.filter(pk=_int(request_id), person__in=people_visible_to(user)).first()
    if found is None:
        raise NotFound("No such request.")
    return found


@require_POST
@requires("people.subject_rights")
def subject_request_handle(request, request_id: int):
    from gugus.people import services

    try:
        subject_request = _subject_request_of(request.user, request_id)
    except NotFound:
        return HttpResponseNotFound(b"")
    values = {key: request.POST.get(key, "").strip() for key in ("outcome", "handling", "refusal_reason")}
    try:
        handled = services.subject_request_handle(actor=request.user, request=subject_request, **values)
    except NotFound:
        return HttpResponseNotFound(b"")
    except GugusError as error:
        return _subject_page(
            request, subject_request.person, errors={f"{subject_request.pk}-{error.field or 'form'}": error.message},
            values={"handle": subject_request.pk, **values}, status=400,
        )  # fmt: skip
    if handled.status == handled.Status.REFUSED and values["outcome"] == handled.Status.FULFILLED:
        messages.warning(request, _("Refused: %(reason)s.") % {"reason": handled.get_refusal_reason_display()})
    else:
        messages.success(request, _("Request closed."))
    return redirect("people:subject_rights", person_id=subject_request.person_id)


@require_POST
@requires("people.subject_rights")
def subject_request_export(request, request_id: int):
    """The answer to a request for access, as a JSON file; where it would endanger someone, the page
    again saying that it was refused and why."""
    import json

    from django.http import HttpResponse

    from gugus.people import services

    try:
        subject_request = _subject_request_of(request.user, request_id)
        handled, data = services.subject_request_export(actor=request.user, request=subject_request)
    except NotFound:
        return HttpResponseNotFound(b"")
    except GugusError as error:
        return _subject_page(
            request, subject_request.person, errors={f"{subject_request.pk}-form": error.message}, status=400
        )
    if data is None:  # handled: refused and recorded; the page says why (403 would hide it behind the error page)
        return _subject_page(request, handled.person, refused=handled)
    data.pop("fields", None)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gugus-subject-request-{handled.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
