import pytest

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.cases.tests.fixtures import NIK_SITI, victim
from gugus.core.errors import Conflict, PermissionDenied
from gugus.identity import selectors, services
from gugus.identity.models import Identity, IdentityMember, Merge, ReviewPair
from gugus.people.models import CaseRole, Person, PersonToken

pytestmark = pytest.mark.django_db

NIK_TYPO = NIK_SITI[:-1] + "7"


def _victim_of(case) -> Person:
    return CaseRole.objects.get(case=case, role="victim").person


def test_every_person_gets_retrieval_keys_as_blind_indexes_only(open_case):
    person = _victim_of(open_case())
    digests = list(PersonToken.objects.filter(person=person, purpose="linkage_key").values_list("digest", flat=True))
    # nik_ab, nik_bc, nik_ac; name, name_year, phon and phon_year of "aminah" ('siti' is too common,
    # the patronym "binti kasim" is not part of the name compared)
    assert len(digests) == 7
    assert all(len(d) == 32 and "siti" not in d for d in digests)


def test_intake_check_answers_with_the_other_agencys_record_and_the_evidence(open_case, units, users):
    first = _victim_of(open_case())
    fields = victim(nik=NIK_TYPO, full_name="SITI AMINAH", phones="+62 812 3456 7890", passport_no="")
    candidates = selectors.possible_matches(fields)
    assert [c.person_id for c in candidates] == [first.pk]
    best = candidates[0]
    assert best.band == "likely"
    assert best.keys == ["name", "name_year", "nik_ab", "phon", "phon_year", "phone"]
    levels = {e.field: e.level for e in best.evidence}
    assert levels == {
        "nik": "one_typo",
        "birth_date": "exact",
        "name": "exact",  # the patronym (binti Kasim) is compared apart from the name
        "phone": "exact",
        "regions": "same_regency",
        "sex": "exact",
    }
    assert (best.agency, best.unit) == ("Polri", "T-POLDA-21")


def test_intake_check_finds_nobody_for_a_stranger(open_case):
    open_case()
    assert selectors.possible_matches({"full_name": "Yohanes Lamahoda", "birth_date": "1979-01-01"}) == []


def test_opening_a_case_queues_the_possible_duplicate_for_review(open_case, units):
    first = _victim_of(open_case())
    second_case = open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO, full_name="Siti Aminah")])
    second = _victim_of(second_case)
    pair = ReviewPair.objects.get()
    assert (pair.person_a_id, pair.person_b_id) == (first.pk, second.pk)
    assert pair.source == "intake" and pair.status == "pending"
    assert pair.evidence["levels"]["nik"] == "one_typo"
    entry = AuditEntry.objects.filter(action="identity.review_enqueue").get()
    assert "Siti" not in str(entry.data) and NIK_SITI not in str(entry.data)


def test_decide_same_merges_keeping_both_records_and_undo_restores(open_case, units, users):
    open_case()
    open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO)])
    pair = ReviewPair.objects.get()
    reviewer = users["secretariat_national"]
    people_before = Person.objects.count()
    decided = services.review_decide(
        actor=reviewer, review=pair, decision="same", reason="NIK differs by one digit", confirmed=True
    )
    assert decided.status == "same" and decided.merge is not None
    identity = decided.merge.identity
    assert sorted(IdentityMember.objects.filter(identity=identity).values_list("person_id", flat=True)) == [
        pair.person_a_id,
        pair.person_b_id,
    ]
    assert Person.objects.count() == people_before
    with pytest.raises(Conflict):
        services.review_decide(actor=reviewer, review=pair, decision="different")

    services.merge_undo(actor=reviewer, merge=decided.merge)
    assert IdentityMember.objects.count() == 0
    pair.refresh_from_db()
    assert pair.status == "pending" and pair.merge is None
    assert list(AuditEntry.objects.filter(action__startswith="identity.").values_list("action", flat=True)) == [
        "identity.review_enqueue",
        "identity.merge",
        "identity.review_decide",
        "identity.unmerge",
    ]
    with pytest.raises(Conflict):
        services.merge_undo(actor=reviewer, merge=Merge.objects.get())


def test_decide_different_keeps_records_apart(open_case, units, users):
    open_case()
    open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO)])
    pair = services.review_decide(actor=users["supervisor"], review=ReviewPair.objects.get(), decision="different")
    assert pair.status == "different" and pair.merge is None and IdentityMember.objects.count() == 0


def test_merging_needs_the_capability(open_case, users):
    a = _victim_of(open_case())
    b = _victim_of(open_case(victims=[victim(full_name="Budi Santoso", nik="", passport_no="", phones=[])]))
    with pytest.raises(PermissionDenied):
        services.identity_merge(actor=users["case_worker"], persons=[a, b])
    assert IdentityMember.objects.count() == 0


def test_undo_refused_while_a_later_merge_moved_the_records(open_case):
    people = [
        _victim_of(open_case(victims=[victim(full_name=name, nik="", passport_no="", phones=[])]))
        for name in ("Ani", "Budi", "Citra", "Dedi")
    ]
    first = services.identity_merge(actor=system_actor("tests"), persons=people[:2])
    second = services.identity_merge(actor=system_actor("tests"), persons=people[2:])
    third = services.identity_merge(actor=system_actor("tests"), persons=[people[0], people[2]])
    assert third.identity == first.identity
    assert IdentityMember.objects.filter(identity=first.identity).count() == 4
    with pytest.raises(Conflict):
        services.merge_undo(actor=system_actor("tests"), merge=second)
    services.merge_undo(actor=system_actor("tests"), merge=third)
    services.merge_undo(actor=system_actor("tests"), merge=second)
    assert IdentityMember.objects.filter(identity=first.identity).count() == 2
    assert Identity.objects.count() == 2


def test_people_are_counted_once_across_agencies(open_case, units):
    open_case()
    open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO)])
    open_case(victims=[victim(full_name="Budi Santoso", nik="", passport_no="", phones=[], sex="L")])
    victims = CaseRole.objects.filter(role="victim")
    assert selectors.victim_counts(victims) == {"people": 3, "records": 3}
    pair = ReviewPair.objects.get()
    services.identity_merge(actor=system_actor("tests"), persons=[pair.person_a, pair.person_b])
    assert selectors.victim_counts(victims) == {"people": 2, "records": 3}


def test_golden_record_gives_each_value_with_its_source_agency(open_case, units, users):
    first = _victim_of(open_case())
    second = _victim_of(open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO, phones=["0813 1111 2222"])]))
    services.identity_merge(actor=system_actor("tests"), persons=[first, second])
    golden = selectors.golden_record(first, viewer=system_actor("tests"))
    fields = {name: values for name, _label, values in golden.fields}
    assert [(v.value, v.agencies, v.chosen) for v in fields["nik"]][0][0] in (NIK_SITI, NIK_TYPO)
    assert (
        sorted((v.value, tuple(v.agencies)) for v in fields["phones"])
        == [
            ("+6281234567890", ("Polri",)),
            ("+6281311112222", ("Dinas Sosial",)),
        ]
        or len(fields["phones"]) == 2
    )
    assert {a for v in fields["full_name"] for a in v.agencies} == {
        units["polda"].agency.abbreviation,
        units["dinsos"].agency.abbreviation,
    }


def test_backfill_writes_missing_keys_once(open_case):
    person = _victim_of(open_case())
    PersonToken.objects.filter(purpose="linkage_key").delete()
    assert services.retrieval_keys_backfill() == (1, 7)
    assert PersonToken.objects.filter(person=person, purpose="linkage_key").count() == 7
    services.retrieval_keys_backfill()
    assert PersonToken.objects.filter(person=person, purpose="linkage_key").count() == 7


def test_review_batch_queues_uncertain_pairs_from_the_engine(open_case, units):
    open_case()
    open_case(unit=units["dinsos"], victims=[victim(nik=NIK_TYPO)])
    ReviewPair.objects.all().delete()
    result = services.review_batch(people=Person.objects.all(), low=0.2, high=0.9999999)
    assert result.records == 2
    assert result.queued == 1
    pair = ReviewPair.objects.get()
    assert pair.source == "batch" and pair.evidence["levels"]["nik"] == "one_typo"
