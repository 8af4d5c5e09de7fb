"""Who may see which review pair and which merge: reviewers who may see both records.

A pair or a merge joins records of different agencies; a reviewer sees it only when every record
in it is visible to them through the cases they may see (``people_visible_to``). Pairs across
agencies therefore reach the national secretariat, which sees every case. Fails closed; "not
found" and "not allowed" look the same.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gugus.accounts.roles import has_capability
from gugus.core.errors import NotFound
from gugus.identity.models import Merge, ReviewPair
from gugus.organisations.jurisdiction import one_in_scope
from gugus.people.access import people_visible_to


def reviews_visible_to(user) -> QuerySet[ReviewPair]:
    if not has_capability(user, "linkage.review"):
        return ReviewPair.objects.none()
    visible = people_visible_to(user).values("pk")
    return ReviewPair.objects.filter(person_a__in=visible, person_b__in=visible)


def access_review(user, review_id) -> ReviewPair:
    return one_in_scope(reviews_visible_to(user), review_id, "No such review.")


def access_merge(user, merge_id) -> Merge:
    """A merge whose every record ``user`` (a reviewer) may see."""
    if not has_capability(user, "linkage.review"):
        raise NotFound("No such merge.")
    try:
        pk = int(merge_id)
    except (TypeError, ValueError):
        raise NotFound("No such merge.") from None
    merge = Merge.objects.filter(pk=pk).first()
    if merge is None:
        raise NotFound("No such merge.")
    ids = merge.person_ids
    if people_visible_to(user).filter(pk__in=ids).count() != len(ids):
        raise NotFound("No such merge.")
    return merge
