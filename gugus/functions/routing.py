"""Routing: which agency unit should act for a function in a region or a destination country.

``route("social_rehabilitation", "52.01")`` finds the agency Accountable for the function at the
region's tier in the structure in force, then its active unit serving the region: for a district
its regency, walking up to the province and then to national headquarters when the agency has no
unit at that level; for a destination country ("KH") the agency's mission there. When no agency is
Accountable the answer says so plainly: that is a gap to report, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from gugus.core.errors import NotFound, ValidationFailed
from gugus.functions.models import Assignment, Function
from gugus.functions.selectors import structure_by_key, structure_in_force
from gugus.organisations.models import Agency, AgencyUnit, Region, StructureVersion, Tier


class Outcome:
    """How the answer was found (stable strings for the API and the referrals app)."""

    IN_REGION = "in_region"  # a unit of the agency in the region itself
    WALKED_UP = "walked_up"  # no unit at the regency: the province's unit
    HEADQUARTERS = "headquarters"  # no regional unit: national headquarters
    ABROAD = "abroad"  # the agency's unit in the destination country
    NOBODY_ACCOUNTABLE = "nobody_accountable"  # no Accountable at this tier: a gap
    NO_UNIT = "no_unit"  # an Accountable agency, but no active unit of it serves the place
    AMBIGUOUS = "ambiguous"  # several Accountable agencies (an overlap) with units equally near

    FOUND = (IN_REGION, WALKED_UP, HEADQUARTERS, ABROAD)


MESSAGES = {
    Outcome.IN_REGION: _("%(unit)s serves %(place)s directly."),
    Outcome.WALKED_UP: _("%(agency)s has no unit in %(place)s; its unit at the province, %(unit)s, acts."),
    Outcome.HEADQUARTERS: _("%(agency)s has no unit serving %(place)s; its headquarters, %(unit)s, acts."),
    Outcome.ABROAD: _("%(unit)s is %(agency)s's unit in %(place)s."),
    Outcome.NOBODY_ACCOUNTABLE: _("Nobody is accountable for %(function)s at the %(tier)s tier in %(structure)s."),
    Outcome.NO_UNIT: _("%(agency)s is accountable for %(function)s but has no active unit serving %(place)s."),
    Outcome.AMBIGUOUS: _(
        "Several agencies are accountable for %(function)s at the %(tier)s tier (%(agency)s); "
        "the structure must decide."
    ),
}

# Units that act are preferred to the secretariats that coordinate.
_KIND_RANK = {AgencyUnit.Kind.SECRETARIAT: 1}
_DEPTH = {Outcome.IN_REGION: 0, Outcome.ABROAD: 0, Outcome.WALKED_UP: 1, Outcome.HEADQUARTERS: 2}


@dataclass
class RouteResult:
    """The answer of ``route``: the unit that should act, or why there is none."""

    function: Function
    structure: StructureVersion
    tier: str
    outcome: str
    region: Region | None = None
    country: str = ""
    unit: AgencyUnit | None = None
    agency: Agency | None = None  # the agency Accountable in the structure
    acting_agency: Agency | None = None  # whose unit acts (the successor when the structure uses an old name)
    accountable: list[Agency] = field(default_factory=list)
    overlap: bool = False
    path: list[str] = field(default_factory=list)  # the places looked at, in order

    @property
    def found(self) -> bool:
        return self.outcome in Outcome.FOUND

    @property
    def place(self) -> str:
        return self.country or (str(self.region) if self.region else "")

    @property
    def message(self) -> str:
        return str(MESSAGES[self.outcome]) % {
            "unit": self.unit.name if self.unit else "",
            "agency": self.agency.abbreviation if self.agency else ", ".join(a.abbreviation for a in self.accountable),
            "place": self.place,
            "function": self.function.name,
            "tier": str(Tier(self.tier).label).lower() if self.tier in Tier.values else self.tier,
            "structure": self.structure.name,
        }

    def as_dict(self) -> dict:
        return {
            "found": self.found,
            "outcome": self.outcome,
            "message": self.message,
            "function": self.function.code,
            "structure": self.structure.key,
            "tier": self.tier,
            "region": self.region.code if self.region else None,
            "country": self.country or None,
            "unit": self.unit.code if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "agency": self.agency.abbreviation if self.agency else None,
            "acting_agency": self.acting_agency.abbreviation if self.acting_agency else None,
            "accountable": [a.abbreviation for a in self.accountable],
            "overlap": self.overlap,
            "path": self.path,
        }


def _resolve_function(function: Function | str) -> Function:
    if isinstance(function, Function):
        return function
    found = Function.objects.filter(code=(function or "").strip(), active=True).first()
    if found is None:
        raise NotFound(f"unknown function {function}")
    if found.children.exists():
        raise ValidationFailed(f"{found.code} groups other functions; route one of them", field="function")
    return found


def _resolve_place(place: Region | str) -> tuple[Region | None, str]:
    """A Region (districts become their regency) or an ISO 3166 alpha-2 country code."""
    if isinstance(place, Region):
        region = place
    else:
        text = (place or "").strip()
        if re.fullmatch(r"[A-Za-z]{2}", text):
            import pycountry

            if text.upper() == "ID":
                raise ValidationFailed("Indonesia is not a destination country; give a region code", field="place")
            if pycountry.countries.get(alpha_2=text.upper()) is None:
                raise ValidationFailed(f"unknown country code {text}", field="place")
            return None, text.upper()
        region = Region.objects.filter(code=text).first()
        if region is None:
            raise NotFound(f"unknown region or country code {text}")
    if region.level == Region.Level.DISTRICT:
        region = region.parent
    return region, ""


def _unit_for(agency: Agency, region: Region | None, country: str) -> tuple[AgencyUnit | None, str, list[str]]:
    """The agency's nearest active unit serving the place, how it was found, and the path looked at."""
    units = list(AgencyUnit.objects.filter(agency=agency, active=True).order_by("code"))

    def best(candidates):
        candidates = sorted(candidates, key=lambda u: (_KIND_RANK.get(u.kind, 0), u.code))
        return candidates[0] if candidates else None

    path: list[str] = []
    if country:
        path.append(country)
        unit = best(u for u in units if u.country == country)
        if unit:
            return unit, Outcome.ABROAD, path
    else:
        steps = [region.code] if region.level == Region.Level.PROVINCE else [region.code, region.parent_id]
        for depth, code in enumerate(steps):
            path.append(code)
            unit = best(u for u in units if u.region_id == code)
            if unit:
                return unit, (Outcome.IN_REGION if depth == 0 else Outcome.WALKED_UP), path
    path.append("national")
    unit = best(u for u in units if u.region_id is None and not u.country)
    if unit:
        return unit, Outcome.HEADQUARTERS, path
    return None, Outcome.NO_UNIT, path


def _acting_agencies(agency: Agency) -> list[Agency]:
    """Whose units act for ``agency``: itself, or, when it has none (an old name), its successors today."""
    if AgencyUnit.objects.filter(agency=agency, active=True).exists():
        return [agency]
    from gugus.organisations.selectors import agency_successors_on

    successors = agency_successors_on(agency, dt.date.today())
    return successors if successors != [agency] else [agency]


def route(
    function: Function | str, region_or_country: Region | str, structure: StructureVersion | str | None = None
) -> RouteResult:
    """Which unit should act for ``function`` in a region (Kemendagri code) or destination country (ISO2).

    ``structure`` defaults to the national structure in force. Raises NotFound for an unknown
    function, region or structure; otherwise always answers, with ``found`` False and an outcome
    of ``nobody_accountable``, ``no_unit`` or ``ambiguous`` when no unit can be named.
    """
    function = _resolve_function(function)
    if isinstance(structure, str):
        structure = structure_by_key(structure)
    structure = structure or structure_in_force()
    if structure is None:
        raise NotFound("no structure is in force")
    region, country = _resolve_place(region_or_country)
    if country:
        tier = Tier.NATIONAL.value
    else:
        tier = Tier.PROVINCE.value if region.level == Region.Level.PROVINCE else Tier.REGENCY.value
    accountable = list(
        Agency.objects.filter(
            assignments__structure=structure,
            assignments__function=function,
            assignments__tier=tier,
            assignments__responsibility=Assignment.Responsibility.ACCOUNTABLE,
        ).order_by("abbreviation")
    )
    result = RouteResult(
        function=function,
        structure=structure,
        tier=tier,
        outcome=Outcome.NOBODY_ACCOUNTABLE,
        region=region,
        country=country,
        accountable=accountable,
        overlap=len(accountable) > 1,
    )
    if not accountable:
        return result

    # For each Accountable agency (more than one is an overlap), the nearest unit of whoever acts for it.
    found = []
    for agency in accountable:
        for acting in _acting_agencies(agency):
            unit, outcome, path = _unit_for(acting, region, country)
            if unit is not None:
                found.append((_DEPTH[outcome], agency, acting, unit, outcome, path))
            elif not result.path:
                result.path = path
    if not found:
        result.outcome = Outcome.NO_UNIT
        result.agency = accountable[0] if len(accountable) == 1 else None
        return result
    found.sort(key=lambda row: row[0])
    nearest = [row for row in found if row[0] == found[0][0]]
    if len(nearest) > 1:
        result.outcome = Outcome.AMBIGUOUS
        return result
    _, result.agency, result.acting_agency, result.unit, result.outcome, result.path = nearest[0]
    return result
