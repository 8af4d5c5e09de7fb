"""Investigation and prosecution figures, where the legal track records them.

The legal track (investigations, prosecutions, verdicts) is built separately; until it is
installed there are no figures and the pages and reports leave the section out. To wire it,
the legal app provides ``gugus.legal.selectors.statistics(cases, *, entitled) -> dict`` with
labelled counts; nothing else here needs to change.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def legal_figures(cases, *, entitled: bool) -> dict | None:
    """{label: count} of investigation and prosecution figures for ``cases``; None when not recorded."""
    if not apps.is_installed("gugus.legal"):
        return None
    try:
        selectors = importlib.import_module("gugus.legal.selectors")
    except ModuleNotFoundError:
        return None
    provider = getattr(selectors, "statistics", None)
    if provider is None:
        return None
    figures = provider(cases, entitled=entitled)
    return figures or None
