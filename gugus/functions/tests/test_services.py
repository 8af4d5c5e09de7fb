import pytest

from gugus.accounts.actors import system_actor
from gugus.audit.models import AuditEntry
from gugus.core.errors import ValidationFailed
from gugus.functions.catalogue import CATALOGUE
from gugus.functions.models import Assignment, Function
from gugus.functions.services import (
    assignment_add,
    assignment_remove,
    assignments_copy,
    catalogue_load,
    function_create,
    function_update,
)
from gugus.organisations.models import Agency
from gugus.organisations.services import structure_create


@pytest.fixture
def draft(national_task_force):
    base = structure_create(
        actor=system_actor("tests"), task_force=national_task_force, key="b", name="B", status="in_force"
    )
    return base, structure_create(
        actor=system_actor("tests"), task_force=national_task_force, key="d", name="D", status="draft"
    )


@pytest.mark.django_db
def test_catalogue_load_is_idempotent_and_keeps_edits(db):
    assert catalogue_load(actor=system_actor("tests")) == {"created": len(CATALOGUE), "total": len(CATALOGUE)}
    function_update(
        actor=system_actor("tests"), function=Function.objects.get(code="legal_aid"), name_en="Legal aid (edited)"
    )
    assert catalogue_load(actor=system_actor("tests")) == {"created": 0, "total": len(CATALOGUE)}
    assert Function.objects.get(code="legal_aid").name_en == "Legal aid (edited)"
    codes = set(Function.objects.values_list("code", flat=True))
    assert {
        "prevention.content_takedown",
        "repatriation_abroad",
        "return_home",
        "social_rehabilitation",
        "health_rehabilitation",
        "witness_victim_protection",
        "legal_aid",
        "restitution",
        "investigation",
        "prosecution",
        "victim_identification",
        "social_reintegration",
    } <= codes
    assert Function.objects.get(code="prevention.content_takedown").parent.code == "prevention"


@pytest.mark.django_db
def test_function_create_validates(db):
    with pytest.raises(ValidationFailed) as error:
        function_create(actor=system_actor("tests"), code="Bad Code", name_id="x", name_en="x")
    assert error.value.field == "code"
    with pytest.raises(ValidationFailed) as error:
        function_create(actor=system_actor("tests"), code="ok", name_id=" ", name_en="x")
    assert error.value.field == "name_id"
    parent = function_create(actor=system_actor("tests"), code="parent", name_id="p", name_en="p")
    with pytest.raises(ValidationFailed) as error:
        function_create(actor=system_actor("tests"), code="other.child", name_id="c", name_en="c", parent=parent)
    assert error.value.field == "code"
    with pytest.raises(ValidationFailed):
        function_create(actor=system_actor("tests"), code="parent", name_id="p", name_en="p")
    assert Function.objects.count() == 1
    with pytest.raises(ValidationFailed) as error:
        function_update(actor=system_actor("tests"), function=parent, code="renamed")
    assert error.value.field == "code"


@pytest.mark.django_db
def test_assignment_rules_and_audit(draft, users):
    base, proposal = draft
    actor = users["secretariat_national"]
    function = function_create(actor=actor, code="f", name_id="f", name_en="f", at_regency=False)
    group = function_create(actor=actor, code="g", name_id="g", name_en="g")
    function_create(actor=actor, code="g.x", name_id="x", name_en="x", parent=group)
    polri = Agency.objects.get(abbreviation="Polri")

    def add(**kwargs):
        values = {
            "structure": proposal,
            "function": function,
            "agency": polri,
            "tier": "national",
            "responsibility": "A",
        }
        return assignment_add(actor=actor, **{**values, **kwargs})

    cases = [
        ({"structure": base}, "structure"),
        ({"tier": "regency"}, "tier"),
        ({"tier": "moon"}, "tier"),
        ({"responsibility": "X"}, "responsibility"),
        ({"function": group}, "function"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as error:
            add(**kwargs)
        assert error.value.field == field, kwargs
    assert Assignment.objects.count() == 0
    made = add()
    with pytest.raises(ValidationFailed) as error:
        add()
    assert error.value.field == "agency"
    entry = AuditEntry.objects.filter(action="assignment.add").get()
    assert (entry.actor_id, entry.data) == (
        actor.pk,
        {"structure": "d", "function": "f", "agency": "Polri", "tier": "national", "responsibility": "A"},
    )
    assignment_remove(actor=actor, assignment=made)
    assert Assignment.objects.count() == 0
    assert AuditEntry.objects.filter(action="assignment.remove").count() == 1


@pytest.mark.django_db
def test_in_force_assignments_cannot_be_removed(draft):
    base, _ = draft
    function = function_create(actor=system_actor("tests"), code="f", name_id="f", name_en="f")
    fixed = assignment_add(
        actor=system_actor("tests"),
        structure=base,
        function=function,
        agency=Agency.objects.get(abbreviation="Polri"),
        tier="national",
        responsibility="A",
        allow_fixed=True,
    )
    with pytest.raises(ValidationFailed) as error:
        assignment_remove(actor=system_actor("tests"), assignment=fixed)
    assert error.value.field == "structure"
    assert Assignment.objects.filter(pk=fixed.pk).exists()


@pytest.mark.django_db
def test_copy_into_a_draft(draft):
    base, proposal = draft
    function = function_create(actor=system_actor("tests"), code="f", name_id="f", name_en="f")
    for abbreviation in ("Polri", "LPSK"):
        assignment_add(
            actor=system_actor("tests"),
            structure=base,
            function=function,
            agency=Agency.objects.get(abbreviation=abbreviation),
            tier="national",
            responsibility="A",
            allow_fixed=True,
        )
    assert assignments_copy(actor=system_actor("tests"), source=base, target=proposal) == 2
    assert assignments_copy(actor=system_actor("tests"), source=base, target=proposal) == 0
    assert proposal.assignments.count() == 2
    with pytest.raises(ValidationFailed):
        assignments_copy(actor=system_actor("tests"), source=proposal, target=base)
