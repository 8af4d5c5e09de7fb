"""The public pages (no login): report, follow up with a code, check a job offer, learn the signs.

Separate from the internal application on purpose: its own URL space (``/publik/``), its own
templates (never base.html), and only these reads: the public status of the report a code opens
(``services.report_public_status``) and what the check discloses (``check``). Every response
carries the portal's strict Content-Security-Policy (``security.public_page``); every form has
size limits, a honeypot and rate limits per address and per follow-up code.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language

from gugus.core.errors import GugusError
from gugus.networks.models import Identifier
from gugus.portal import check, ratelimit, services
from gugus.portal.forms import AddInformationForm, CheckForm, CodeForm, ReportForm
from gugus.portal.security import public_page


def _limited(request, name: str, subject: str | None = None):
    """A 429 page when ``subject`` (the client address by default) is over limit ``name``."""
    if ratelimit.hit(name, subject or ratelimit.client_address(request)):
        return render(request, "portal/public/limited.html", status=429)
    return None


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@public_page
def home(request):
    return render(request, "portal/public/home.html")


@public_page
def report(request):
    """The report form; on success the follow-up code, shown this once."""
    if request.method == "POST":
        refused = _limited(request, "report")
        if refused:
            return refused
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                filed = services.report_submit(**form.cleaned_data)
            except GugusError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                return render(request, "portal/public/filed.html", {"code": filed.code})
        return render(request, "portal/public/report.html", {"form": form}, status=400)
    return render(request, "portal/public/report.html", {"form": ReportForm()})


@public_page
def follow_up(request):
    """Enter a code; see the status; add information."""
    if request.method != "POST":
        return render(request, "portal/public/follow_up.html", {"form": CodeForm()})
    refused = _limited(request, "follow_up")
    if refused:
        return refused
    code_form = CodeForm(request.POST)
    if not code_form.is_valid():
        return render(request, "portal/public/follow_up.html", {"form": code_form}, status=400)
    code = code_form.cleaned_data["code"]
    refused = _limited(request, "code", services.text.follow_up_code_normalise(code) or code)
    if refused:
        return refused
    status = services.report_public_status(code=code)
    if status is None:
        code_form.add_error("code", _unknown_code())
        return render(request, "portal/public/follow_up.html", {"form": code_form}, status=404)
    form, added, http_status = AddInformationForm(initial={"code": code}), False, 200
    if "information" in request.POST:
        form = AddInformationForm(request.POST)
        if form.is_valid():
            try:
                status = services.report_add_information(code=code, information=form.cleaned_data["information"])
                form, added = AddInformationForm(initial={"code": code}), True
            except GugusError as error:
                form.add_error("information" if error.field == "information" else None, str(error.message))
        if not added:
            http_status = 400
    return render(
        request,
        "portal/public/status.html",
        {"status": status, "code": code, "form": form, "added": added, "steps": _steps()},
        status=http_status,
    )


def _steps():
    from gugus.portal.models import PublicReport

    return PublicReport.Status.choices


def _unknown_code() -> str:
    from django.utils.translation import gettext

    return gettext("No report has this code. Check it and try again.")


@public_page
def check_offer(request):
    """Check a recruiter, company, phone number, account or destination (a GET form: bookmarkable)."""
    form = CheckForm(request.GET or None)
    findings = None
    if request.GET:
        refused = _limited(request, "check")
        if refused:
            return refused
        if form.is_valid():
            data = form.cleaned_data
            findings = [
                f
                for f in (
                    ("company", check.check_company(data["company"])),
                    ("phone", check.check_phone(data["phone"])),
                    ("bank", check.check_account(data["bank"], data["account"], Identifier.Kind.BANK_ACCOUNT)),
                    ("social", check.check_account(data["platform"], data["handle"], Identifier.Kind.SOCIAL_MEDIA)),
                    ("country", check.check_country(data["country"])),
                )
                if f[1] is not None
            ]
    return render(
        request,
        "portal/public/check.html",
        {"form": form, "findings": findings, "language": _language()},
        status=400 if request.GET and not form.is_valid() else 200,
    )


_GUIDES = {"tanda-tppo": "signs", "penipuan-kerja-online": "online_scam"}


@public_page
def guide(request, slug: str):
    """A page explaining signs of trafficking or of online scam recruitment, in the reader's language."""
    name = _GUIDES.get(slug)
    if name is None:
        return render(request, "portal/public/not_found.html", status=404)
    return render(request, f"portal/public/guide_{name}_{_language()}.html")
