import io
import random

import pytest

from gugus.accounts.actors import system_actor
from gugus.cases.generate import cases_generate, synthetic_cases
from gugus.cases.models import Case, CaseCounter
from gugus.cases.services import case_open
from gugus.people.models import CaseRole, Person, PersonToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_organisations(reference_data):
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.organisations.demo import demo_step as organisations_step

    organisations_step(rng=random.Random(1), actor=system_actor("tests"), out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=system_actor("tests"), out=io.StringIO())


def test_same_seed_same_cases(reference_data):
    first = list(synthetic_cases(20, seed=7))
    assert first == list(synthetic_cases(20, seed=7))
    assert first != list(synthetic_cases(20, seed=8))
    profiles = {c["profile"] for c in list(synthetic_cases(200, seed=7))}
    assert profiles == {"scam", "domestic", "osec", "fishing"}


def test_bulk_generation_is_searchable_and_numbered(demo_organisations):
    summary = cases_generate(n_cases=30, seed=3, batch_size=7)
    assert summary["cases"] == 30 and Case.objects.count() == 30
    assert Person.objects.count() == summary["people"] == CaseRole.objects.count()
    assert PersonToken.objects.filter(purpose="name_token").exists()
    # numbering continues after generated cases
    case = Case.objects.order_by("id").first()
    unit = case.reporting_unit
    counter = CaseCounter.objects.get(reporting_unit=unit, year=2025) if case.year == 2025 else None
    opened = case_open(
        actor=system_actor("tests"),
        unit=unit,
        channel="hotline",
        reported_on="2025-01-02",
        exploitation_types=["other"],
    ).case
    expected = (counter.last + 1) if counter else 1
    assert opened.sequence == expected
    assert len(set(Case.objects.values_list("number", flat=True))) == 31


def test_demo_step_is_idempotent(demo_organisations):
    from gugus.cases.demo import demo_step

    out = io.StringIO()
    demo_step(rng=random.Random(5), actor=system_actor("tests"), out=out)
    count = Case.objects.count()
    assert count == 40
    assert Case.objects.filter(status="handling").exists()
    demo_step(rng=random.Random(5), actor=system_actor("tests"), out=out)
    assert Case.objects.count() == count


def _snapshot() -> dict:
    """Every generated row as plain values (personal fields decrypted), without what is random by design:
    UUIDs, AES-GCM nonces (ciphertexts are compared through their plaintext) and timestamps."""
    from gugus.cases.models import CaseEvent

    random_by_design = {"uuid", "created_at", "updated_at", "status_changed_at", "at"}
    # Ids are compared by rank: PostgreSQL's sequences go on after a wipe, SQLite's start again.
    rank = {
        "case": {pk: i for i, pk in enumerate(Case.objects.order_by("id").values_list("id", flat=True))},
        "person": {pk: i for i, pk in enumerate(Person.objects.order_by("id").values_list("id", flat=True))},
    }

    def value(obj, name):
        raw = getattr(obj, name)
        if name in ("case_id", "person_id"):
            return rank[name[:-3]].get(raw, raw)
        if name == "id" and isinstance(obj, (Case, Person)):
            return rank["case" if isinstance(obj, Case) else "person"][raw]
        return raw

    def rows(queryset, *, with_id=True):
        model = queryset.model
        names = [f.attname for f in model._meta.concrete_fields if f.name not in random_by_design]
        if not with_id:
            names.remove("id")
        return [tuple(value(obj, name) for name in names) for obj in queryset]

    return {
        "cases": rows(Case.objects.order_by("id")),
        "people": rows(Person.objects.order_by("id")),
        "roles": rows(CaseRole.objects.order_by("id"), with_id=False),
        "tokens": rows(PersonToken.objects.order_by("id"), with_id=False),
        "events": rows(CaseEvent.objects.order_by("id"), with_id=False),
        "counters": sorted(CaseCounter.objects.values_list("reporting_unit_id", "year", "last")),
    }


def _wipe() -> None:
    from gugus.cases.models import CaseEvent

    CaseEvent.objects.all().delete()
    CaseRole.objects.all().delete()
    PersonToken.objects.all().delete()
    Person.objects.all().delete()
    Case.objects.all().delete()
    CaseCounter.objects.all().delete()


def test_parallel_load_writes_exactly_the_rows_of_the_single_process_load(demo_organisations):
    single = cases_generate(n_cases=23, seed=11, batch_size=4, workers=1)
    expected = _snapshot()
    _wipe()
    parallel = cases_generate(n_cases=23, seed=11, batch_size=4, workers=3)
    assert parallel == single
    assert _snapshot() == expected
    assert len(expected["cases"]) == 23 and len(expected["people"]) == single["people"]
    # the slices' size does not change the data either (only which worker prepares which case)
    _wipe()
    cases_generate(n_cases=23, seed=11, batch_size=9, workers=2)
    assert _snapshot() == expected


def test_bulk_rows_are_the_rows_the_services_build(demo_organisations):
    """Same validation, encryption binding and blind indexes as person_clean/person_build/person_tokens."""
    from gugus.cases.generate import ROLE_KEYS, VICTIM_FACTS
    from gugus.people.services import person_build, person_clean, person_tokens

    summary = cases_generate(n_cases=40, seed=5, batch_size=15, workers=2)
    people = list(Person.objects.order_by("id"))  # reading a field decrypts it with its row's binding
    cases = list(Case.objects.order_by("id"))
    assert len(cases) == 40 and len(people) == summary["people"]
    expected_people, expected_roles = [], []
    for case, item in zip(cases, synthetic_cases(40, seed=5), strict=True):
        assert case.exploitation_codes == "," + ",".join(item["case"]["exploitation_types"]) + ","
        assert (case.reported_on, case.destination_country, case.origin_region_id, case.modus, case.narrative) == (
            item["case"]["reported_on"],
            item["case"]["destination_country"],
            item["case"]["origin"],
            item["case"]["modus"],
            item["case"]["narrative"],
        )
        for role, key in ROLE_KEYS:
            for raw in item[key]:
                clean = person_clean(**{k: v for k, v in raw.items() if k not in VICTIM_FACTS})
                expected_people.append(person_build(clean, unit=case.reporting_unit))
                expected_roles.append((case.pk, role, raw.get("age_at_recruitment")))
    assert len(expected_people) == len(people)
    compared = ["kind", "full_name", "aliases", "nik", "passport_no", "phones", "birth_date", "birth_place",
                "birth_year", "sex", "address_region_id", "address_as_written", "nationality", "nik_warnings",
                "recorded_by_unit_id"]  # fmt: skip
    for person, built in zip(people, expected_people, strict=True):
        assert [getattr(person, f) for f in compared] == [getattr(built, f) for f in compared]
        tokens = sorted(person.tokens.values_list("purpose", "digest"))
        assert tokens == sorted((t.purpose, t.digest) for t in person_tokens(built))
    roles = list(CaseRole.objects.order_by("person_id").values_list("case_id", "role", "age_at_recruitment"))
    assert roles == expected_roles
    assert {r for _, r, _ in roles} == {"victim", "suspect", "witness", "reporter"}
    assert any(p.nik_warnings for p in people)  # falsified documents of children are kept, with a warning


def test_mix_has_about_four_people_per_case(reference_data):
    counts = {"victims": 0, "suspects": 0, "witnesses": 0, "reporters": 0}
    for item in synthetic_cases(2000, seed=2025):
        for key in counts:
            counts[key] += len(item[key])
    # 4.3 people per case: 250,000 cases give about 1,075,000 people (the 1,000,000 and more)
    assert counts == {"victims": 3217, "suspects": 2988, "witnesses": 1597, "reporters": 793}


def test_generate_command_takes_workers(demo_organisations, capsys):
    from gugus.cli import main

    assert main(["cases", "generate", "--cases", "6", "--seed", "4", "--workers", "2"]) == 0
    people = Person.objects.count()
    assert capsys.readouterr().out == f"6 cases, {people} people generated\n"
    assert Case.objects.count() == 6 and people == CaseRole.objects.count()


def test_copy_text_escapes_like_postgresql():
    import datetime as dt

    from gugus.cases.generate import _copy_text

    row = (7, None, True, False, "a\tb\\c\nd\re", dt.date(2025, 1, 2), ["nik_sex_mismatch"], {"source": "generator"})
    assert _copy_text([row]) == (
        b'7\t\\N\tt\tf\ta\\tb\\\\c\\nd\\re\t2025-01-02\t["nik_sex_mismatch"]\t{"source": "generator"}\n'
    )
