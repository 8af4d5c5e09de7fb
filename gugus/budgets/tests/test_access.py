import pytest

from gugus.accounts.roles import Role
from gugus.budgets import access
from gugus.budgets.tests.conftest import editable_for, visible_for

ROLE_KEYS = [r.value for r in Role] + [r.value + "@other" for r in Role] + ["outsider"]


@pytest.mark.django_db
@pytest.mark.parametrize("role_key", ROLE_KEYS)
def test_lines_visible_and_editable_per_role(role_key, users, budget_data):
    user = users[role_key]
    names = {line.pk: key for key, line in budget_data.items()}
    visible = {names[pk] for pk in access.lines_visible_to(user).values_list("pk", flat=True)}
    assert visible == visible_for(role_key)
    editable = {names[pk] for pk in access.lines_editable_by(user).values_list("pk", flat=True)}
    assert editable == editable_for(role_key)
