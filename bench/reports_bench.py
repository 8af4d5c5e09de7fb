"""Benchmark of the dashboards' statistics and the annual report at scale (PostgreSQL).

    PYTHONPATH=. .venv/bin/python -m bench.reports_bench --db gugus_reports --cases 250000 --workers 1 [--skip-load]
    (--load-only: load and stop; --only victims: those aggregates; --no-report: no page, no annual report)

Each aggregate of the statistics page is timed through its selector (which starts from the scoped
querysets) and as hand-written SQL of the same aggregate, side by side in one run, for the
national secretariat and a provincial one (Kepri); then the whole statistics page and the annual
report (PDF) are timed. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics as stats_module
import sys
import time

from bench.cases_bench import _setup


def _best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return stats_module.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="gugus_reports")
    parser.add_argument("--cases", type=int, default=250000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--only", default="", help="time only the aggregates whose name starts so")
    parser.add_argument("--no-report", action="store_true", help="skip the whole page and the annual report")
    parser.add_argument("--load-only", action="store_true", help="load the cases, measure nothing")
    args = parser.parse_args(argv)
    _setup(args.db, args.fresh)

    import io

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from gugus.accounts.actors import system_actor
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.accounts.models import User
    from gugus.cases.generate import cases_generate
    from gugus.cases.models import Case
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.organisations.services import agencies_load, regions_load
    from gugus.reports import annual, selectors

    call_command("migrate", interactive=False, verbosity=0)
    actor = system_actor("bench")
    regions_load(actor=actor)
    agencies_load(actor=actor)
    organisations_step(rng=random.Random(1), actor=actor, out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=actor, out=io.StringIO())
    print(f"PostgreSQL {connection.pg_version}, database {args.db}, {os.cpu_count()} CPUs, workers {args.workers}")
    if not args.skip_load and not Case.objects.exists():
        start = time.perf_counter()
        summary = cases_generate(
            n_cases=args.cases,
            seed=2025,
            batch_size=1000,
            workers=args.workers,
            progress=lambda done, total: print(f"\r  loaded {done}/{total}", end="", file=sys.stderr, flush=True),
        )
        print(file=sys.stderr)
        print(f"load: {summary['cases']} cases, {summary['people']} people in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {Case.objects.count()} cases")
    if args.load_only:
        return 0

    def sql(query: str, params=()):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()

        return run

    year = Case.objects.order_by("-reported_on").values_list("reported_on__year", flat=True).first()
    viewers = [("national", "sekretariat.pusat", ""), ("province (Kepri)", "sekretariat.kepri", "21")]
    for label, username, code in viewers:
        user = User.objects.get(username=username)
        cases = selectors.filtered_cases(user, selectors.Filters())
        if code:
            where = (
                "WHERE (c.origin_region_id = %s OR c.origin_region_id LIKE %s "
                "OR u.region_id = %s OR u.region_id LIKE %s)"
            )
            params = (code, code + ".%", code, code + ".%")
        else:
            where, params = "", ()
        join = "FROM cases_case c JOIN organisations_agencyunit u ON u.id = c.reporting_unit_id "
        pairs = [
            (
                "cases by status",
                lambda cases=cases: list(cases.values_list("status").annotate(n=Count("id")).order_by()),
                sql(f"SELECT c.status, count(*) {join}{where} GROUP BY c.status", params),
            ),
            (
                "cases by destination",
                lambda cases=cases: list(cases.values_list("destination_country").annotate(n=Count("id")).order_by()),
                sql(f"SELECT c.destination_country, count(*) {join}{where} GROUP BY 1", params),
            ),
            (
                "cases by origin",
                lambda cases=cases: list(cases.values_list("origin_region_id").annotate(n=Count("id")).order_by()),
                sql(f"SELECT c.origin_region_id, count(*) {join}{where} GROUP BY 1", params),
            ),
            (
                f"cases by month {year}",
                lambda cases=cases: list(
                    cases.filter(reported_on__year=year)
                    .annotate(m=ExtractMonth("reported_on"))
                    .values_list("m")
                    .annotate(n=Count("id"))
                    .order_by()
                ),
                sql(
                    f"SELECT extract(month from c.reported_on), count(*) {join}{where}"
                    + (" AND " if where else " WHERE ")
                    + "c.reported_on >= %s AND c.reported_on < %s GROUP BY 1",
                    (*params, f"{year}-01-01", f"{year + 1}-01-01"),
                ),
            ),
            (
                "victims as people by status",
                lambda cases=cases: selectors.people_by_strongest_result(selectors.victim_people(cases)),
                sql(
                    "SELECT r, count(*) FROM (SELECT coalesce(m.identity_id, -p.id) AS who, "
                    "max(CASE a.result WHEN 'identified' THEN 3 WHEN 'suspected' THEN 2 "
                    "WHEN 'not_victim' THEN 1 ELSE 0 END) r "
                    "FROM people_caserole cr JOIN people_person p ON p.id = cr.person_id "
                    "LEFT JOIN identity_identitymember m ON m.person_id = p.id "
                    "LEFT JOIN cases_assessment a ON a.victim_id = cr.id AND a.is_current "
                    "JOIN cases_case c ON c.id = cr.case_id "
                    "JOIN organisations_agencyunit u ON u.id = c.reporting_unit_id "
                    f"{where}{' AND ' if where else ' WHERE '}cr.role = 'victim' GROUP BY 1) t GROUP BY r",
                    params,
                ),
            ),
            (
                # the same output as the selector (each person under their strongest status, with
                # sex, age and destination for the other figures): the same rows by
                # hand-written SQL, grouped by the same function
                "victims as people, same rows",
                lambda cases=cases: selectors.people_by_strongest_result(selectors.victim_people(cases)),
                lambda where=where, params=params: selectors.people_by_strongest_result(
                    sql(
                        "SELECT coalesce(m.identity_id, -cr.person_id), a.result, p.sex, "
                        "coalesce(a.age_at_recruitment, cr.age_at_recruitment), c.destination_country "
                        "FROM people_caserole cr JOIN people_person p ON p.id = cr.person_id "
                        "LEFT JOIN identity_identitymember m ON m.person_id = p.id "
                        "LEFT JOIN cases_assessment a ON a.victim_id = cr.id AND a.is_current "
                        "JOIN cases_case c ON c.id = cr.case_id "
                        "JOIN organisations_agencyunit u ON u.id = c.reporting_unit_id "
                        f"{where}{' AND ' if where else ' WHERE '}cr.role = 'victim'",
                        params,
                    )()
                ),
            ),
        ]
        if args.only:
            pairs = [pair for pair in pairs if pair[0].startswith(args.only)]
        print(f"\n{label}: {cases.count()} cases")
        for name, orm, hand in pairs:
            orm()
            hand()
            t_orm, t_sql = _best(orm, args.runs), _best(hand, args.runs)
            print(
                f"  {name:<32} selector {t_orm * 1000:8.1f} ms  SQL {t_sql * 1000:8.1f} ms   ratio {t_orm / t_sql:5.2f}"
            )
        if args.no_report:
            continue
        selectors.statistics(user)  # warm-up: the first call also imports the URL configuration
        start = time.perf_counter()
        selectors.statistics(user)
        print(f"  whole statistics page (every figure, once): {time.perf_counter() - start:.2f} s")
    if args.no_report:
        return 0
    start = time.perf_counter()
    content = annual.report_content(year=year, language="id")
    pdf = annual.render_pdf(content)
    print(f"\nannual report {year} (national, PDF {len(pdf)} bytes): {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    content = annual.report_content(year=year, language="id")
    xlsx = annual.render_xlsx(content)
    print(f"annual report {year} (national, XLSX {len(xlsx)} bytes): {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
