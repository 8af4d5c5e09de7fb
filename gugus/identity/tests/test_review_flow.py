"""The review flow: a merge asks for confirmation and a reason, conflicts are shown and recorded,
the reviewer chooses the surviving value per field, and the queue is ordered by what matters."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.core.errors import ValidationFailed
from gugus.identity import selectors, services
from gugus.identity.models import IdentityMember, Merge, ReviewPair
from gugus.people.models import CaseRole, Person

pytestmark = pytest.mark.django_db

# The same district and serial as NIK_SITI, another birth date (6 May 1990): a valid NIK of someone else
NIK_OTHER_DATE = "3212014605900001"


def _victim_of(case) -> Person:
    return CaseRole.objects.get(case=case, role="victim").person


@pytest.fixture
def conflicting(open_case, units):
    """Two records of 'Siti Aminah' at two agencies with valid NIKs encoding different birth dates."""
    first = _victim_of(open_case())
    second = _victim_of(
        open_case(unit=units["dinsos"], victims=[victim(nik=NIK_OTHER_DATE, birth_date="1990-05-06")])
    )
    return first, second


def test_a_merge_needs_confirmation_and_a_reason_and_changes_nothing_without(conflicting, users):
    first, second = conflicting
    reviewer = users["secretariat_national"]
    with pytest.raises(ValidationFailed) as missing_confirmation:
        services.identity_merge(actor=reviewer, persons=[first, second], reason="same face on the passport photo")
    assert missing_confirmation.value.field == "confirmed"
    with pytest.raises(ValidationFailed) as missing_reason:
        services.identity_merge(actor=reviewer, persons=[first, second], reason="  ", confirmed=True)
    assert missing_reason.value.field == "reason"
    assert (Merge.objects.count(), IdentityMember.objects.count()) == (0, 0)
    assert not AuditEntry.objects.filter(action="identity.merge").exists()


def test_side_by_side_warns_about_two_valid_niks_with_different_birth_dates(conflicting):
    first, second = conflicting
    rows = {row.name: row for row in selectors.pair_comparison(first, second)}
    assert (rows["nik"].left, rows["nik"].right, rows["nik"].differs) == ([NIK_SITI], [NIK_OTHER_DATE], True)
    assert "normally two different people" in rows["nik"].warning
    assert rows["birth_date"].differs and "falsified document" in rows["birth_date"].warning
    assert not rows["full_name"].differs and rows["full_name"].warning == ""
    assert not rows["phones"].differs  # the same number written the same way


def test_the_merge_records_reason_conflicts_and_chosen_values_and_the_golden_record_follows(conflicting, users):
    first, second = conflicting
    merge = services.identity_merge(
        actor=users["secretariat_national"],
        persons=[first, second],
        reason="Kemensos typed the day wrong; the passport and the phone agree",
        confirmed=True,
        choices={"nik": first.pk, "birth_date": first.pk},
    )
    merge.refresh_from_db()
    assert merge.reason == "Kemensos typed the day wrong; the passport and the phone agree"
    assert merge.conflicts == ["birth_date", "nik"]
    assert merge.choices == {"nik": first.pk, "birth_date": first.pk}
    entry = AuditEntry.objects.get(action="identity.merge")
    assert entry.data["conflicts"] == ["birth_date", "nik"] and entry.data["choices"] == ["birth_date", "nik"]
    assert entry.data["reason_given"] is True
    assert NIK_SITI not in str(entry.data) and "Kemensos typed" not in str(entry.data)
    golden = selectors.golden_record(second, viewer=system_actor("tests"))
    fields = {name: values for name, _label, values in golden.fields}
    assert [(v.value, v.chosen) for v in fields["nik"]] == [
        (NIK_SITI, True), (NIK_OTHER_DATE, False)
    ] or sorted((v.value, v.chosen) for v in fields["nik"]) == [(NIK_SITI, True), (NIK_OTHER_DATE, False)]
    assert [v.value for v in fields["birth_date"] if v.chosen] == ["1990-05-05"]


def test_a_choice_outside_the_merged_records_is_refused(conflicting, users, open_case):
    first, second = conflicting
    stranger = _victim_of(open_case(victims=[victim(full_name="Budi Santoso", nik="", passport_no="")]))
    with pytest.raises(ValidationFailed) as error:
        services.identity_merge(
            actor=users["secretariat_national"], persons=[first, second], reason="r", confirmed=True,
            choices={"nik": stranger.pk},
        )  # fmt: skip
    assert error.value.field == "choices" and Merge.objects.count() == 0
    with pytest.raises(ValidationFailed):
        services.identity_merge(
            actor=users["secretariat_national"], persons=[first, second], reason="r", confirmed=True,
            choices={"phones": first.pk},
        )  # fmt: skip


def test_review_page_shows_conflicts_side_by_side_and_posts_the_choices(conflicting, users, client_for):
    first, second = conflicting
    pair = services.review_enqueue(
        person_a=first, person_b=second, source="batch", probability=0.7, evidence={}, guarded=True
    ) or ReviewPair.objects.get()
    client = client_for(users["secretariat_national"])
    text = client.get(reverse("identity:review", args=[pair.pk])).content.decode()
    assert text.count('data-testid="review-warning"') == 2  # NIK and birth date
    assert 'data-field="nik" class="conflict"' in text and 'name="choice-nik"' in text
    assert 'name="choice-full_name"' not in text  # the same name: nothing to choose
    # without the confirmation the merge is refused and nothing changes
    client.post(reverse("identity:review", args=[pair.pk]), {"decision": "same", "reason": "typo"})
    assert ReviewPair.objects.get(pk=pair.pk).status == "pending" and Merge.objects.count() == 0
    client.post(
        reverse("identity:review", args=[pair.pk]),
        {"decision": "same", "reason": "typo in the day", "confirmed": "yes", "choice-nik": str(second.pk)},
    )
    pair.refresh_from_db()
    assert pair.status == "same" and pair.reason == "typo in the day"
    assert pair.merge.choices == {"nik": second.pk} and pair.merge.conflicts == ["birth_date", "nik"]


def _pair(pk, probability, agencies, guarded=False, kind="individual"):
    def person(agency):
        unit = SimpleNamespace(agency=SimpleNamespace(abbreviation=agency)) if agency else None
        return SimpleNamespace(recorded_by_unit=unit, kind=kind)

    return SimpleNamespace(
        pk=pk, probability=probability, guarded=guarded, person_a=person(agencies[0]), person_b=person(agencies[1])
    )


def test_priority_puts_victims_first_then_the_most_uncertain_and_organisations_last():
    certain_victim = _pair(1, 0.99, ("Polri", "Polri"))
    uncertain_victim = _pair(2, 0.55, ("Polri", "Polri"))
    uncertain_individual = _pair(3, 0.5, ("Polri", "Polri"))
    guarded_victim = _pair(4, 0.98, ("Polri", "Polri"), guarded=True)
    organisation = _pair(5, 0.5, ("Polri", "Polri"), kind="organisation")
    pairs = [certain_victim, uncertain_victim, uncertain_individual, guarded_victim, organisation]
    victims = {1, 2, 4}
    ordered = sorted(pairs, key=lambda p: selectors.review_priority(p, victim=p.pk in victims))
    assert [p.pk for p in ordered] == [4, 2, 1, 3, 5]


def test_one_agency_never_fills_half_the_queue_while_others_wait():
    pairs = [_pair(n, 0.5, ("KP2MI", "KP2MI")) for n in range(1, 9)] + [
        _pair(10, 0.9, ("Polri", "Dinas Sosial")),
        _pair(11, 0.95, ("LPSK", "LPSK")),
        _pair(12, 0.97, ("Polri", "Polri")),
    ]
    page = selectors.spread_over_agencies(pairs, 6)
    assert [p.pk for p in page] == [1, 2, 10, 11, 12, 3]
    # with nothing else left, the held-back pairs fill the page
    assert [p.pk for p in selectors.spread_over_agencies(pairs[:8], 4)] == [1, 2, 3, 4]


def test_queue_reads_victim_pairs_before_others_in_one_query(conflicting, users, django_assert_num_queries):
    first, second = conflicting
    services.review_enqueue(person_a=first, person_b=second, source="batch", probability=0.95, evidence={},
                            guarded=False)  # fmt: skip
    with django_assert_num_queries(1):
        queue = selectors.review_queue(users["secretariat_national"])
    assert [(p.person_a_id, p.person_b_id) for p in queue] == [(first.pk, second.pk)]
