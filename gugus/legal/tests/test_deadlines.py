"""The deadlines of KUHAP and UU 21/2007, as plain values."""

import datetime as dt

from gugus.legal.deadlines import deadlines

D = dt.date


def test_spdp_due_seven_days_after_the_warrant_and_met_by_the_notice():
    result = deadlines([("police_report", D(2025, 3, 3)), ("sprindik", D(2025, 3, 5)), ("spdp", D(2025, 3, 10))])
    assert [(d.after, d.due_on, d.met_on, d.source) for d in result] == [
        ("sprindik", D(2025, 3, 12), D(2025, 3, 10), "KUHAP Pasal 109 ayat (1) jo. Putusan MK 130/PUU-XIII/2015")
    ]


def test_file_returned_twice_gives_two_clocks_and_an_overdue_one():
    steps = [
        ("sprindik", D(2025, 3, 5)),
        ("file_sent", D(2025, 4, 1)),
        ("file_returned", D(2025, 4, 6)),
        ("file_sent", D(2025, 4, 15)),
        ("file_returned", D(2025, 4, 20)),
    ]
    result = deadlines(steps)
    assert [(d.after, d.due_on, d.met_on) for d in result] == [
        ("sprindik", D(2025, 3, 12), None),
        ("file_sent", D(2025, 4, 8), D(2025, 4, 6)),
        ("file_returned", D(2025, 4, 20), D(2025, 4, 15)),
        ("file_sent", D(2025, 4, 22), D(2025, 4, 20)),
        ("file_returned", D(2025, 5, 4), None),
    ]
    assert result[-1].is_overdue(D(2025, 5, 5)) is True
    assert result[-1].is_overdue(D(2025, 5, 4)) is False


def test_appeal_and_restitution_deadlines_only_where_the_law_sets_them():
    steps = [("verdict", D(2025, 9, 1)), ("final", D(2025, 9, 9)), ("restitution_paid", D(2025, 9, 20))]
    assert [(d.after, d.due_on, d.met_on) for d in deadlines(steps)] == [("verdict", D(2025, 9, 8), D(2025, 9, 9))]
    with_restitution = deadlines(steps, restitution_ordered=True)
    assert [(d.after, d.due_on, d.met_on, d.source) for d in with_restitution][1] == (
        "final",
        D(2025, 9, 23),
        D(2025, 9, 20),
        "UU 21/2007 Pasal 48 ayat (6)",
    )
    # No deadline for finishing an investigation: the law sets none.
    assert deadlines([("police_report", D(2025, 1, 1))]) == []
