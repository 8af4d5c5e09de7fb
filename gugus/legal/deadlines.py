"""Deadlines of the legal track, only where the criminal procedure (KUHAP) or the law sets one.

Plain values in, plain values out: ``deadlines(steps, today)`` takes the dated steps of a track as
(kind, date) pairs and returns each deadline that applies, with its source. No deadline is invented
where the law sets none (there is none, for instance, for finishing an investigation).
Detention limits (KUHAP Pasal 24-29) need the detention orders, which the track does not record yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# (after this step, the step that must follow, days, source, what is due)
RULES = [
    (
        "sprindik",
        ("spdp",),
        7,
        "KUHAP Pasal 109 ayat (1) jo. Putusan MK 130/PUU-XIII/2015",
        _("Notice of investigation (SPDP) to the prosecutor"),
    ),
    (
        "file_sent",
        ("p21", "file_returned"),
        7,
        "KUHAP Pasal 138 ayat (1)",
        _("The prosecutor says whether the case file is complete"),
    ),
    (
        "file_returned",
        ("file_sent",),
        14,
        "KUHAP Pasal 138 ayat (2)",
        _("The investigator sends the completed case file back"),
    ),
    ("verdict", ("appeal", "final"), 7, "KUHAP Pasal 233 ayat (2)", _("Last day to appeal (banding)")),
    (
        "appeal_decided",
        ("appeal", "final"),
        14,
        "KUHAP Pasal 245 ayat (1)",
        _("Last day to file for cassation (kasasi)"),
    ),
    ("final", ("restitution_paid",), 14, "UU 21/2007 Pasal 48 ayat (6)", _("Restitution to be paid to the victim")),
]


@dataclass(frozen=True)
class Deadline:
    due: str
    after: str
    started_on: dt.date
    due_on: dt.date
    source: str
    met_on: dt.date | None

    @property
    def is_met(self) -> bool:
        return self.met_on is not None

    def is_overdue(self, today: dt.date) -> bool:
        return self.met_on is None and today > self.due_on


def deadlines(steps: list[tuple[str, dt.date]], *, restitution_ordered: bool = False) -> list[Deadline]:
    """The deadlines that the dated ``steps`` start, each met by the first following step of its kind.

    A step restarts its own clock (a file returned twice gives two deadlines). Restitution's
    deadline applies only when restitution was ordered.
    """
    ordered = sorted(enumerate(steps), key=lambda item: (item[1][1], item[0]))
    result = []
    for position, (_index, (kind, on)) in enumerate(ordered):
        for after, closers, days, source, due in RULES:
            if kind != after:
                continue
            if after == "final" and not restitution_ordered:
                continue
            met = next((d for _i, (k, d) in ordered[position + 1 :] if k in closers and d >= on), None)
            result.append(Deadline(str(due), after, on, on + dt.timedelta(days=days), source, met))
    return result
