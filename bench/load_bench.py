"""Load: concurrent users against gunicorn on loopback, PostgreSQL behind it (issue 19).

    PYTHONPATH=. .venv/bin/python -m bench.load_bench --db gugus_bench_s3 --users 50 --duration 300
    PYTHONPATH=. .venv/bin/python -m bench.load_bench --quick          # 30 s, same checks

Starts gunicorn (deploy/gunicorn.conf.py, sync workers) on a free loopback port against its own
PostgreSQL database (127.0.0.1:5432, user postgres; loaded with the synthetic generator when it
holds no case yet), creates bench users of several roles in the units with the most cases, and runs
``--users`` virtual users, one thread each with its own HTTP client (the standard library's
``http.client``: cookies, CSRF token, redirects handled here). Each signs in through the login form,
then loops until the time is up: think (uniform 0.5–1.5 × ``--think`` seconds), then one action
drawn from its role's mix: the case list, a case page, a search (POST with the CSRF token, then
the list addressed by the opaque token), the referral inbox or oversight, the home dashboard,
saving a follow-up or a note, or (supervisors) an assessment with the conflict token
(``based_on``). Supervisors of one unit assess the same few victims, so conflicts happen.

Counted: an error is any 5xx, any status other than the expected one, a connection error or a
timeout (60 s). A refused assessment ("someone else assessed this victim meanwhile", the service's
409 Conflict shown on the form) is a correct conflict, counted apart. Afterwards every accepted
write is looked up in the database (lost updates: accepted but absent), each victim's assessment
chain is checked (one current, each assessment superseded at most once, as many as were accepted),
and ``gugus audit verify`` runs. Latency per page: p50 and p95 from the client's side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import http.cookies
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from bench.cases_bench import BENCH_KEYS, _p, _setup

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench.load."
CONFLICT_MARKERS = ("Someone else assessed this victim meanwhile", "Orang lain telah menilai")
TIMEOUT = 60.0

MIXES = {
    "case_worker": {
        "case list": 20,
        "case page": 25,
        "search": 15,
        "referral inbox": 10,
        "dashboard": 10,
        "follow-up save": 10,
        "note save": 10,
    },
    "supervisor": {
        "case list": 15,
        "case page": 20,
        "search": 10,
        "referral inbox": 10,
        "dashboard": 10,
        "follow-up save": 5,
        "note save": 5,
        "assessment save": 25,
    },
    "secretariat_regional": {"case list": 25, "case page": 30, "search": 20, "dashboard": 15, "oversight": 10},
    "secretariat_national": {"case list": 25, "case page": 30, "search": 20, "dashboard": 15, "oversight": 10},
}


class Client:
    """One browser: a cookie jar over http.client (one connection, reopened when the server closes it)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)

    def request(self, method: str, path: str, form: dict | list | None = None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(raw)
            for key, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        if response.will_close:
            self.conn.close()
        return response.status, response.headers.get("Location", ""), text

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.conflicts = 0
        self.accepted = {"follow-up": [], "note": [], "assessment": []}

    def sample(self, page: str, seconds: float) -> None:
        with self.lock:
            self.samples[page].append(seconds)

    def error(self, page: str, what: str) -> None:
        with self.lock:
            self.errors[page].append(what)


class VirtualUser(threading.Thread):
    def __init__(self, n, port, account, password, plan, recorder, deadline, think, seed):
        super().__init__(daemon=True, name=f"vu-{n}")
        self.n, self.account, self.password, self.plan = n, account, password, plan
        self.client = Client(port)
        self.recorder, self.deadline, self.think = recorder, deadline, think
        self.rng = random.Random(seed)
        self.writes = 0

    # one timed step: the request and, for redirects the user's browser follows, the next page
    def step(self, page: str, method: str, path: str, form=None, expect=(200,), follow=False):
        start = time.perf_counter()
        try:
            status, location, text = self.client.request(method, path, form)
            if follow and status == 302 and location:
                status2, _loc, text = self.client.request("GET", location)
                if status2 != 200:
                    self.recorder.error(page, f"{status2} after redirect")
        except (OSError, http.client.HTTPException) as error:
            self.recorder.error(page, type(error).__name__)
            return None, "", ""
        self.recorder.sample(page, time.perf_counter() - start)
        if status not in expect:
            self.recorder.error(page, str(status))
            return None, location, text
        return status, location, text

    def sign_in(self) -> bool:
        status, _loc, _text = self.step("sign-in form", "GET", "/accounts/login/")
        if status is None:
            return False
        form = {"csrfmiddlewaretoken": self.client.csrf(), "username": self.account, "password": self.password}
        status, location, _text = self.step("sign in", "POST", "/accounts/login/", form, expect=(302,))
        return status == 302

    def run(self):
        if not self.sign_in():
            return
        mix = MIXES[self.plan["role"]]
        pages, weights = list(mix), list(mix.values())
        while True:
            pause = self.think * self.rng.uniform(0.5, 1.5)
            if time.monotonic() + pause >= self.deadline:
                return
            time.sleep(pause)
            getattr(self, "do_" + self.rng.choices(pages, weights)[0].replace(" ", "_").replace("-", "_"))()

    def case_id(self) -> int:
        return self.rng.choice(self.plan["cases"])

    def do_case_list(self):
        self.step("case list", "GET", "/cases/")

    def do_case_page(self):
        self.step("case page", "GET", f"/cases/{self.case_id()}/")

    def do_search(self):
        kind = self.rng.random()
        if kind < 0.4 and self.plan["niks"]:
            form = {"q": self.rng.choice(self.plan["niks"])}
        elif kind < 0.7 and self.plan["names"]:
            form = {"q": self.rng.choice(self.plan["names"])}
        else:
            form = {"status": self.rng.choice(["reported", "under_assessment", "handling"])}
            if self.rng.random() < 0.5:
                form["destination_country"] = self.rng.choice(["MY", "KH", "SA", "HK", "TW"])
        form["csrfmiddlewaretoken"] = self.client.csrf()
        status, location, _text = self.step("search", "POST", "/cases/", form, expect=(302,), follow=True)
        if status == 302 and "?s=" not in location:
            self.recorder.error("search", "redirect without a search token")

    def do_referral_inbox(self):
        self.step("referral inbox", "GET", "/referrals/")

    def do_oversight(self):
        self.step("referral oversight", "GET", "/referrals/oversight/")

    def do_dashboard(self):
        self.step("dashboard", "GET", "/")

    def _marker(self, what: str) -> str:
        self.writes += 1
        return f"{what} {PREFIX}{self.n}.{self.writes} {secrets.token_hex(4)}"

    def do_follow_up_save(self):
        case_id = self.case_id()
        status, _loc, _text = self.step("follow-ups page", "GET", f"/cases/{case_id}/follow-ups/")
        if status is None:
            return
        marker = self._marker("Kunjungan rumah")
        due = (dt.date.today() + dt.timedelta(days=self.rng.randint(1, 60))).isoformat()
        form = {"csrfmiddlewaretoken": self.client.csrf(), "description": marker, "due_on": due}
        status, location, _text = self.step(
            "follow-up save", "POST", f"/cases/{case_id}/follow-ups/add/", form, expect=(302,)
        )
        if status == 302:
            with self.recorder.lock:
                self.recorder.accepted["follow-up"].append((case_id, marker))

    def do_note_save(self):
        case_id = self.case_id()
        marker = self._marker("Catatan telepon")
        form = {"csrfmiddlewaretoken": self.client.csrf(), "text": marker}
        status, _loc, _text = self.step("note save", "POST", f"/cases/{case_id}/notes/add/", form, expect=(302,))
        if status == 302:
            with self.recorder.lock:
                self.recorder.accepted["note"].append((case_id, marker))

    def do_assessment_save(self):
        if not self.plan["assess"]:
            return self.do_case_page()
        case_id, victim_id = self.rng.choice(self.plan["assess"])
        status, _loc, text = self.step("assessment form", "GET", f"/cases/{case_id}/assess/")
        if status is None:
            return
        based_on = re.search(r'name="based_on" value="(\d*)"', text)
        time.sleep(self.think * self.rng.uniform(0.2, 0.6))  # reading the case, deciding
        form = {
            "csrfmiddlewaretoken": self.client.csrf(),
            "victim": victim_id,
            "act": "unknown",
            "means": "unknown",
            "purpose": "unknown",
            "result": "suspected",
            "reason": self._marker("Penilaian awal"),
            "based_on": based_on.group(1) if based_on else "",
        }
        start = time.perf_counter()
        try:
            status, _loc, text = self.client.request("POST", f"/cases/{case_id}/assess/", form)
        except (OSError, http.client.HTTPException) as error:
            self.recorder.error("assessment save", type(error).__name__)
            return
        self.recorder.sample("assessment save", time.perf_counter() - start)
        if status == 302:
            with self.recorder.lock:
                self.recorder.accepted["assessment"].append((case_id, victim_id, form["reason"]))
        elif status in (200, 409) and any(m in text for m in CONFLICT_MARKERS):
            with self.recorder.lock:
                self.recorder.conflicts += 1
        else:
            self.recorder.error("assessment save", str(status))


# --- setup -------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(args, actor):
    """Bench users in the units with the most cases, and what each virtual user works on."""
    from django.db.models import Count

    from gugus.accounts.models import User
    from gugus.accounts.services import user_create
    from gugus.cases.models import Case
    from gugus.organisations.models import AgencyUnit, TaskForce
    from gugus.people.models import CaseRole, Person

    password = "Bench-load-" + BENCH_KEYS["SECRET_KEY"][-12:]
    assessable = ("reported", "under_assessment", "identified", "handling")
    top_units = list(
        Case.objects.values("reporting_unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("reporting_unit_id", flat=True)[:4]
    )
    kepri_units = list(
        AgencyUnit.objects.filter(region__code__startswith="21").exclude(pk__in=top_units).values_list("pk", flat=True)
    )
    national = TaskForce.objects.get(tier="national")
    kepri = TaskForce.objects.filter(region_id="21").first()
    # 50 users: per unit 6 case workers and 3 supervisors (36), 8 regional (Kepri), 6 national
    layout = []
    for u, unit_id in enumerate(top_units):
        layout += [("case_worker", unit_id, None, f"u{u}.cw")] * 6 + [("supervisor", unit_id, None, f"u{u}.sv")] * 3
    setgt = AgencyUnit.objects.get(code="SETGT-PROV-21")
    layout += [("secretariat_regional", setgt.pk, kepri, "kepri")] * 8
    layout += [("secretariat_national", AgencyUnit.objects.get(code="POLRI-SETGT").pk, national, "pusat")] * 6
    layout = [layout[i % len(layout)] for i in range(args.users)]
    plans, made = [], 0
    cases_of_unit, assess_of_unit, niks_of_unit, names_of_unit = {}, {}, {}, {}
    rng = random.Random(19)
    kepri_cases = list(
        Case.objects.filter(origin_region__code__startswith="21").order_by("-id").values_list("pk", flat=True)[:300]
    ) or list(Case.objects.filter(reporting_unit_id__in=kepri_units).values_list("pk", flat=True)[:300])
    all_cases = list(Case.objects.order_by("-id").values_list("pk", flat=True)[:3000])
    for i, (role, unit_id, task_force, tag) in enumerate(layout):
        username = f"{PREFIX}{tag}.{i}"
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=actor,
                username=username,
                password=password,
                role=role,
                unit=AgencyUnit.objects.get(pk=unit_id),
                task_force=task_force,
                validate=False,
            )
            made += 1
        if role in ("case_worker", "supervisor"):
            if unit_id not in cases_of_unit:
                ids = list(
                    Case.objects.filter(reporting_unit_id=unit_id).order_by("-id").values_list("pk", flat=True)[:400]
                )
                cases_of_unit[unit_id] = ids
                victims = list(
                    CaseRole.objects.filter(
                        case__reporting_unit_id=unit_id, case__status__in=assessable, role=CaseRole.Role.VICTIM
                    )
                    .order_by("-id")
                    .values_list("case_id", "pk")[:4]
                )
                assess_of_unit[unit_id] = victims
                people = list(Person.objects.filter(case_roles__case_id__in=ids[:60]).distinct()[:60])
                niks_of_unit[unit_id] = [p.nik for p in people if p.nik][:30]
                names_of_unit[unit_id] = [p.full_name.split()[-1] for p in people if p.full_name][:30]
            plans.append(
                {
                    "username": username,
                    "role": role,
                    "cases": cases_of_unit[unit_id],
                    "assess": assess_of_unit[unit_id] if role == "supervisor" else [],
                    "niks": niks_of_unit[unit_id],
                    "names": names_of_unit[unit_id],
                }
            )
        else:
            pool = kepri_cases if role == "secretariat_regional" else all_cases
            sample = rng.sample(pool, min(60, len(pool)))
            people = list(Person.objects.filter(case_roles__case_id__in=sample[:40]).distinct()[:40])
            plans.append(
                {
                    "username": username,
                    "role": role,
                    "cases": pool,
                    "assess": [],
                    "niks": [p.nik for p in people if p.nik][:30],
                    "names": [p.full_name.split()[-1] for p in people if p.full_name][:30],
                }
            )
    return plans, password, made


def _check_writes(recorder, since) -> dict:
    """Every accepted write present afterwards; each victim's assessment chain intact."""
    from django.db.models import Count

    from gugus.cases.models import Assessment, CaseEvent, FollowUp

    cases = {c for c, _m in recorder.accepted["follow-up"]}
    stored = {(f.case_id, f.description) for f in FollowUp.objects.filter(case_id__in=cases, created_at__gte=since)}
    lost_follow_ups = [w for w in recorder.accepted["follow-up"] if w not in stored]
    cases = {c for c, _m in recorder.accepted["note"]}
    stored = {
        (e.case_id, e.note)
        for e in CaseEvent.objects.filter(case_id__in=cases, kind=CaseEvent.Kind.NOTE, at__gte=since)
    }
    lost_notes = [w for w in recorder.accepted["note"] if w not in stored]
    victims = {v for _c, v, _r in recorder.accepted["assessment"]}
    stored = {(a.case_id, a.victim_id, a.reason) for a in Assessment.objects.filter(victim_id__in=victims)}
    lost_assessments = [w for w in recorder.accepted["assessment"] if w not in stored]
    chain_faults = []
    for victim in victims:
        rows = list(Assessment.objects.filter(victim_id=victim).values_list("pk", "supersedes_id", "is_current"))
        if sum(1 for _pk, _s, current in rows if current) != 1:
            chain_faults.append(f"victim {victim}: {sum(1 for r in rows if r[2])} current assessments")
        doubled = (
            Assessment.objects.filter(victim_id=victim, supersedes__isnull=False)
            .values("supersedes_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        if doubled:
            chain_faults.append(f"victim {victim}: {doubled} assessments superseded twice")
    return {
        "follow-ups": (len(recorder.accepted["follow-up"]), len(lost_follow_ups)),
        "notes": (len(recorder.accepted["note"]), len(lost_notes)),
        "assessments": (len(recorder.accepted["assessment"]), len(lost_assessments)),
        "chain_faults": chain_faults,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="load_bench")
    parser.add_argument("--db", default="gugus_bench_load")
    parser.add_argument("--cases", type=int, default=20000, help="cases to load when the database has none")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of browsing (default 5 min)")
    parser.add_argument("--quick", action="store_true", help="30 s instead of --duration")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a user's actions, seconds")
    parser.add_argument("--gunicorn-workers", type=int, default=None, help="default: deploy/gunicorn.conf.py's")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    duration = 30.0 if args.quick else args.duration
    _setup(args.db, args.fresh)

    import io

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gugus.accounts.actors import system_actor
    from gugus.accounts.demo import demo_step as accounts_step
    from gugus.cases.generate import cases_generate
    from gugus.cases.models import Case
    from gugus.organisations.demo import demo_step as organisations_step
    from gugus.organisations.services import agencies_load, regions_load

    actor = system_actor("bench")
    call_command("migrate", interactive=False, verbosity=0)
    regions_load(actor=actor)
    agencies_load(actor=actor)
    organisations_step(rng=random.Random(1), actor=actor, out=io.StringIO())
    accounts_step(rng=random.Random(1), actor=actor, out=io.StringIO())
    if not Case.objects.exists():
        start = time.perf_counter()
        cases_generate(n_cases=args.cases, seed=2025, workers=1)
        print(f"load: {args.cases} cases in {time.perf_counter() - start:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plans, password, made = _seed(args, actor)
    print(
        f"PostgreSQL {connection.pg_version}, database {args.db}: {Case.objects.count()} cases; "
        f"{len(plans)} virtual users ({made} accounts created); {os.cpu_count()} CPUs"
    )
    connection.close()

    port = _free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "gugus.settings"
    if args.gunicorn_workers:
        env["GUNICORN_WORKERS"] = str(args.gunicorn_workers)
    log_path = ROOT / "var" / "load-bench-gunicorn.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "gugus.wsgi"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        up = time.monotonic() + 120
        while True:
            try:
                if Client(port).request("GET", "/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > up or server.poll() is not None:
                print(f"gunicorn did not start: see {log_path}")
                return 1
            time.sleep(0.5)
        workers = env.get("GUNICORN_WORKERS") or str((os.cpu_count() or 1) * 2 + 1)
        print(f"gunicorn on 127.0.0.1:{port}, {workers} sync workers; load before: {os.getloadavg()[0]:.1f}")

        recorder = Recorder()
        since = timezone.now()
        start = time.monotonic()
        deadline = start + duration
        users = [
            VirtualUser(n, port, plan["username"], password, plan, recorder, deadline, args.think, seed=1000 + n)
            for n, plan in enumerate(plans)
        ]
        for _n, user in enumerate(users):
            user.start()
            time.sleep(min(0.1, duration / 100))  # a short ramp: not all sign-ins in one instant
        for user in users:
            user.join(timeout=max(1.0, deadline - time.monotonic() + TIMEOUT + 5))
        elapsed = time.monotonic() - start
        stuck = sum(1 for u in users if u.is_alive())
        load_after = os.getloadavg()
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(len(v) for v in recorder.samples.values())
    errors = sum(len(v) for v in recorder.errors.values())
    print(
        f"\n{len(users)} users, {elapsed:.0f} s, think {args.think:.1f} s mean; load average after {load_after[0]:.1f}"
    )
    print(f"{'page':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for page in sorted(recorder.samples, key=lambda p: -len(recorder.samples[p])):
        values = [s * 1000 for s in recorder.samples[page]]
        print(
            f"{page:<22}{len(values):>9}{statistics.median(values):>9.0f}{_p(values, 0.95):>9.0f}"
            f"{max(values):>9.0f}{len(recorder.errors.get(page, [])):>8}"
        )
    print(f"throughput: {total / elapsed:.1f} requests/s ({total} requests)")
    print(f"errors: {errors}" + (f" { {k: v[:5] for k, v in recorder.errors.items()} }" if errors else ""))
    if stuck:
        print(f"threads still running at the end: {stuck}")
    print(f"correct conflicts (assessment refused: someone else assessed meanwhile): {recorder.conflicts}")

    import django.db

    django.db.connections.close_all()
    check = _check_writes(recorder, since)
    lost = sum(n for _accepted, n in (check["follow-ups"], check["notes"], check["assessments"]))
    for what in ("follow-ups", "notes", "assessments"):
        accepted, missing = check[what]
        print(f"{what} accepted {accepted}, absent afterwards {missing}")
    print(f"lost updates: {lost}; assessment chain faults: {check['chain_faults'] or 'none'}")

    verify = subprocess.run(
        [sys.executable, "-m", "gugus", "audit", "verify"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    print(f"gugus audit verify: exit {verify.returncode}\n{(verify.stdout + verify.stderr).strip()[-600:]}")
    return int(bool(errors or lost or check["chain_faults"] or verify.returncode or stuck))


if __name__ == "__main__":
    raise SystemExit(main())
