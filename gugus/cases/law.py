"""The law the case work applies, as plain functions over plain values (no Django models).

Every rule names its article; ``docs/domain.md`` lists them all.

Trafficking under two frameworks
--------------------------------
- **UU 21/2007** (Pemberantasan TPPO). Pasal 1 angka 1 defines trafficking by an act, a means
  and a purpose; Pasal 2 ayat (1) makes it an offence, and requires the means for every victim.
  Pasal 1 angka 5: a child (anak) is a person under 18. There is no general exception for
  children: only particular offences do without the means, above all **Pasal 6** (sending a child
  into or out of the country, by whatever way, so that the child is exploited). Pasal 17 raises
  the penalty by one third when the victim is a child.
- **Palermo Protocol** (UN Protocol to Prevent, Suppress and Punish Trafficking in Persons,
  ratified by UU 14/2009). Art. 3(a) defines trafficking by act, means and purpose; Art. 3(c): for
  a child the means is not required; Art. 3(d): a child is under 18.

A child case without an established means is therefore trafficking under Palermo and contested
under national law (prosecutors may turn to UU 35/2014 on child protection or UU 12/2022 on
sexual violence). The assessment records both findings and flags the difference.

Uncertain age
-------------
When a victim's age is not established and there are reasons to believe they are a child, they
are treated as a child until the age is established (UNICEF Guidelines on the Protection of Child
Victims of Trafficking, 2006, §3.2; OHCHR Recommended Principles and Guidelines on Human Rights
and Human Trafficking, Guideline 8 ¶5; EU Directive 2011/36/EU Art. 13(2)).
"""

from __future__ import annotations

from dataclasses import dataclass

CHILD_AGE = 18  # UU 21/2007 Pasal 1 angka 5; Palermo Protocol Art. 3(d); UU 35/2014 Pasal 1 angka 1

PRESENT = "present"

# The acts of Pasal 6 (sending a child into or out of the country): no means required.
CHILD_SENDING_ACTS = frozenset({"sending"})


class National:
    """How the elements stand under UU 21/2007."""

    MET = "met"  # act, means and purpose: Pasal 2 ayat (1)
    MET_CHILD_SENDING = "met_child_sending"  # a child sent abroad or into the country: Pasal 6
    CONTESTED = "contested"  # a child, act and purpose, no means: Palermo yes, UU 21/2007 contested
    NOT_MET = "not_met"


NATIONAL_BASIS = {
    National.MET: "UU 21/2007 Pasal 2 ayat (1) jo. Pasal 1 angka 1",
    National.MET_CHILD_SENDING: "UU 21/2007 Pasal 6",
    National.CONTESTED: "UU 21/2007 Pasal 2 ayat (1) requires the means; see UU 35/2014, UU 12/2022",
    National.NOT_MET: "UU 21/2007 Pasal 2 ayat (1)",
}
PALERMO_BASIS = "Palermo Protocol Art. 3(a), 3(c), 3(d) (UU 14/2009)"
PRESUMPTION_BASIS = "UNICEF Guidelines on the Protection of Child Victims of Trafficking (2006) §3.2"


@dataclass(frozen=True)
class ElementsFinding:
    """What the three elements add up to, under Palermo and under UU 21/2007."""

    child: bool  # treated as a child: under 18, or presumed one
    child_presumed: bool  # age not established, reasons to believe a child
    palermo_met: bool
    national: str

    @property
    def frameworks_differ(self) -> bool:
        """True when the case is trafficking under Palermo but not (or contested) under UU 21/2007."""
        return self.palermo_met and self.national not in (National.MET, National.MET_CHILD_SENDING)


def is_child(age: int | None) -> bool:
    return age is not None and age < CHILD_AGE


def treated_as_child(age: int | None, child_indicators: str = "") -> tuple[bool, bool]:
    """(treated as a child, presumed): a known age under 18, or reasons to believe a child while the
    age is not established (a recorded adult age may rest on falsified documents)."""
    if is_child(age):
        return True, False
    presumed = bool((child_indicators or "").strip())
    return presumed, presumed


def assess_elements(
    *, act: str, means: str, purpose: str, act_kinds=(), age: int | None, child_indicators: str = ""
) -> ElementsFinding:
    """The findings of one assessment under both frameworks."""
    child, presumed = treated_as_child(age, child_indicators)
    act_and_purpose = act == PRESENT and purpose == PRESENT
    palermo = act_and_purpose and (child or means == PRESENT)
    if act_and_purpose and means == PRESENT:
        national = National.MET
    elif act_and_purpose and child and CHILD_SENDING_ACTS & set(act_kinds or ()):
        national = National.MET_CHILD_SENDING
    elif act_and_purpose and child:
        national = National.CONTESTED
    else:
        national = National.NOT_MET
    return ElementsFinding(child=child, child_presumed=presumed, palermo_met=palermo, national=national)


def is_minor_on(
    on,
    *,
    birth_date=None,
    birth_year: int | None = None,
    age_at_recruitment: int | None = None,
    child_presumed: bool = False,
) -> bool:
    """Whether a victim must be treated as under 18 on the day ``on`` (for consent).

    A full birth date decides. With only a birth year the age is uncertain by a year, and the
    victim is treated as a child while they may still be one (a year difference of 18 or less).
    With neither, a child at recruitment or a presumed child is still treated as one.
    """
    if birth_date is not None:
        years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
        return years < CHILD_AGE
    if birth_year is not None:
        return on.year - birth_year <= CHILD_AGE
    return child_presumed or is_child(age_at_recruitment)
