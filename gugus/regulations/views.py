"""Pages of the regulation workbench: versions, side-by-side comparison, downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gugus.accounts.decorators import requires
from gugus.accounts.roles import has_capability
from gugus.core.errors import GugusError
from gugus.regulations import export, selectors, services
from gugus.regulations.amend import amendment_draft
from gugus.regulations.compare import compare
from gugus.regulations.forms import ConsolidateForm, LinkStructureForm, RegulationForm, VersionForm
from gugus.regulations.models import Regulation, RegulationVersion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@requires("regulations.view")
def regulation_list(request):
    """Every regulation followed, and (for editors) the form to add one."""
    return render(request, "regulations/list.html", {
        "regulations": selectors.regulations_list(),
        "form": RegulationForm(),
        "can_edit": has_capability(request.user, "regulations.edit"),
    })


@require_POST
@requires("regulations.edit")
def regulation_create(request):
    form = RegulationForm(request.POST)
    if form.is_valid():
        try:
            regulation = services.regulation_create(actor=request.user, **form.cleaned_data)
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("regulations:detail", regulation_id=regulation.pk)
    return render(request, "regulations/list.html", {
        "regulations": selectors.regulations_list(), "form": form, "can_edit": True}, status=400)


def _detail_context(request, regulation, **overrides):
    versions = list(regulation.versions.select_related("uploaded_by", "structure"))
    context = {
        "regulation": regulation,
        "versions": versions,
        "full_texts": [version for version in versions if version.kind != RegulationVersion.Kind.AMENDMENT],
        "version_form": VersionForm(),
        "consolidate_form": ConsolidateForm(regulation=regulation),
        "can_edit": has_capability(request.user, "regulations.edit"),
    }
    context.update(overrides)
    return context


@require_GET
@requires("regulations.view")
def regulation_detail(request, regulation_id: int):
    regulation = get_object_or_404(Regulation, pk=regulation_id)
    return render(request, "regulations/detail.html", _detail_context(request, regulation))


@require_POST
@requires("regulations.edit")
def version_add(request, regulation_id: int):
    """Upload a file or paste a text as a new version."""
    regulation = get_object_or_404(Regulation, pk=regulation_id)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.regulation_version_add(
                actor=request.user, regulation=regulation, label=form.cleaned_data["label"],
                kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                filename=upload.name if upload else "", content=upload.read() if upload else None,
                structure=form.cleaned_data["structure"],
            )
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Version %(label)s stored.") % {"label": version.label})
            return redirect("regulations:version", version_id=version.pk)
    return render(request, "regulations/detail.html", _detail_context(request, regulation, version_form=form),
                  status=400)


@require_POST
@requires("regulations.edit")
def version_consolidate(request, regulation_id: int):
    """Apply amending regulations to a base and store the consolidated text."""
    regulation = get_object_or_404(Regulation, pk=regulation_id)
    form = ConsolidateForm(request.POST, regulation=regulation)
    if form.is_valid():
        amendments = sorted(form.cleaned_data["amendments"], key=lambda version: (version.created_at, version.pk))
        try:
            version = services.regulation_version_consolidate(
                actor=request.user, base=form.cleaned_data["base"], amendments=amendments,
                label=form.cleaned_data["label"])
        except GugusError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Consolidated text %(label)s stored.") % {"label": version.label})
            return redirect("regulations:version", version_id=version.pk)
    return render(request, "regulations/detail.html",
                  _detail_context(request, regulation, consolidate_form=form), status=400)


@require_GET
@requires("regulations.view")
def version_detail(request, version_id: int):
    version = get_object_or_404(RegulationVersion.objects.select_related("regulation", "uploaded_by", "structure"),
                                pk=version_id)
    return render(request, "regulations/version.html", {
        "version": version,
        "link_form": LinkStructureForm(initial={"structure": version.structure_id}),
        "can_edit": has_capability(request.user, "regulations.edit"),
    })


@require_POST
@requires("regulations.edit")
def version_link_structure(request, version_id: int):
    version = get_object_or_404(RegulationVersion, pk=version_id)
    form = LinkStructureForm(request.POST)
    if form.is_valid():
        services.regulation_version_link_structure(actor=request.user, version=version,
                                                   structure=form.cleaned_data["structure"])
        messages.success(request, _("Structure link saved."))
    else:
        messages.error(request, _("Choose a structure version from the list."))
    return redirect("regulations:version", version_id=version.pk)


def _pair(request, regulation):
    versions = {version.pk: version for version in regulation.versions.all()}
    try:
        base = versions[int(request.GET["base"])]
        draft = versions[int(request.GET["draft"])]
    except (KeyError, ValueError) as error:
        raise Http404 from error
    return base, draft


@require_GET
@requires("regulations.view")
def compare_view(request, regulation_id: int):
    """Base and draft side by side with the differences marked, the ratios and the verdict."""
    regulation = get_object_or_404(Regulation, pk=regulation_id)
    base, draft = _pair(request, regulation)
    context = {"regulation": regulation, "base": base, "draft": draft, "comparison": None}
    try:
        comparison = selectors.versions_compare(base, draft)
    except GugusError as error:
        context["error"] = error.message
        return render(request, "regulations/compare.html", context, status=400)
    context.update({
        "comparison": comparison,
        "percent_words": round(comparison.change_ratio_words * 100, 1),
        "percent_articles": round(comparison.change_ratio_articles * 100, 1),
        "gauge_words": min(comparison.change_ratio_words, 1.0),
        "gauge_articles": min(comparison.change_ratio_articles, 1.0),
        "counts": comparison.counts(),
        "query": f"base={base.pk}&draft={draft.pk}",
    })
    return render(request, "regulations/compare.html", context)


@require_GET
@requires("regulations.view")
def compare_download(request, regulation_id: int, output: str):
    """The change matrix (XLSX, DOCX), the JSON report, or the amending regulation draft (text)."""
    regulation = get_object_or_404(Regulation, pk=regulation_id)
    base, draft = _pair(request, regulation)
    if output not in ("xlsx", "docx", "json", "amendment"):
        raise Http404
    try:
        base_parsed, draft_parsed = selectors.version_parsed(base), selectors.version_parsed(draft)
    except GugusError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    name = slugify(f"{regulation} {base.label} {draft.label}") or "regulation"
    if output == "amendment":
        body, content_type, filename = (amendment_draft(base_parsed, draft_parsed).text,
                                        "text/plain; charset=utf-8", f"amendment-{name}.txt")
    else:
        comparison = compare(base_parsed, draft_parsed)
        render_output, content_type, filename = {
            "xlsx": (export.matrix_xlsx, XLSX, f"matrix-{name}.xlsx"),
            "docx": (export.matrix_docx, DOCX, f"matrix-{name}.docx"),
            "json": (export.to_json, "application/json", f"comparison-{name}.json"),
        }[output]
        body = render_output(comparison)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
