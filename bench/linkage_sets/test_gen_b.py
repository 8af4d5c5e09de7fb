"""Fast checks of the gen_b synthetic linkage set: format, determinism, cluster sizes, noise, hard negatives.

Run: /work/main/.venv/bin/python -m pytest bench/linkage_sets/test_gen_b.py -q -p no:django -p no:cacheprovider
"""

from __future__ import annotations

import collections
import csv
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.linkage_sets import gen_b

N = 10000
SEED = 7
DOC_SOURCES = {"KBRI", "IMIGRASI", "BP3MI"}


def _read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("genb")
    gen_b.write(N, SEED, str(out), groups=True)
    recs = _read(out / "records.csv")
    truth = {r["record_id"]: r["person_id"] for r in _read(out / "truth.csv")}
    groups = {r["person_id"]: r for r in _read(out / "groups.csv")}
    by_person = collections.defaultdict(list)
    for r in recs:
        by_person[truth[r["record_id"]]].append(r)
    return dict(dir=out, recs=recs, truth=truth, groups=groups, by_person=by_person)


def digits(s):
    return re.sub(r"\D", "", s)


def norm_name(s):
    return " ".join(re.sub(r"[^a-z ]", " ", s.lower()).split())


def test_headers(data):
    with open(data["dir"] / "records.csv", encoding="utf-8") as f:
        assert f.readline().strip() == ("record_id,source,full_name,sex,birth_date,birth_place,nik,phone,"
                                        "passport_no,address_region")
    with open(data["dir"] / "truth.csv", encoding="utf-8") as f:
        assert f.readline().strip() == "record_id,person_id"


def test_counts_and_truth_coverage(data):
    recs, truth = data["recs"], data["truth"]
    assert len(recs) == N
    ids = [r["record_id"] for r in recs]
    assert len(set(ids)) == N and all(ids)
    assert set(ids) == set(truth)
    assert set(truth.values()) == set(data["groups"])
    assert {r["source"] for r in recs} == set(gen_b.SOURCES)
    # the file order is shuffled: neighbouring records rarely belong to one person
    same_next = sum(truth[a["record_id"]] == truth[b["record_id"]] for a, b in zip(recs, recs[1:]))
    assert same_next < N * .01


def test_deterministic_and_seeded(tmp_path):
    def digest(seed, name):
        d = tmp_path / name
        gen_b.write(1000, seed, str(d))
        return [hashlib.sha256((d / f).read_bytes()).hexdigest() for f in ("records.csv", "truth.csv")]

    assert digest(3, "a") == digest(3, "b")
    assert digest(3, "a") != digest(4, "c")


def test_cli(tmp_path):
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "bench.linkage_sets.gen_b", "--records", "300", "--seed", "1",
                    "--out-dir", str(tmp_path)], cwd=root, check=True, capture_output=True)
    assert len(_read(tmp_path / "records.csv")) == 300
    assert len(_read(tmp_path / "truth.csv")) == 300


def test_cluster_size_distribution(data):
    sizes = collections.Counter(len(v) for v in data["by_person"].values())
    persons = sum(sizes.values())
    assert max(sizes) <= 6
    for k, p in gen_b.CLUSTER_PMF:
        assert abs(sizes[k] / persons - p) < .03, (k, sizes[k] / persons, p)


def test_field_formats(data):
    recs = data["recs"]
    sexes = collections.Counter(r["sex"] for r in recs)
    assert {"L", "P", "M", "F", "Laki-laki", "Perempuan", ""} <= set(sexes)
    kinds = collections.Counter()
    for r in recs:
        d = r["birth_date"]
        kinds["iso" if re.fullmatch(r"\d{4}-\d\d-\d\d", d) else "dmy/" if re.fullmatch(r"\d\d/\d\d/\d{4}", d)
              else "dmy-" if re.fullmatch(r"\d\d-\d\d-\d{4}", d) else "year" if re.fullmatch(r"\d{4}", d)
              else "empty" if d == "" else "other"] += 1
    assert kinds["other"] == 0
    assert all(kinds[k] > 50 for k in ("iso", "dmy/", "dmy-", "year", "empty"))
    # passports only where the description says
    assert {r["source"] for r in recs if r["passport_no"]} <= DOC_SOURCES
    assert all(re.fullmatch(r"[A-Za-z]{1,2} ?[0-9OI]{6,7}", r["passport_no"]) for r in recs if r["passport_no"])
    # phones: Indonesian mobile in several notations, and foreign numbers
    ph = [r["phone"] for r in recs if r["phone"]]
    assert sum(p.startswith("08") for p in ph) > 100
    assert sum(p.startswith("+62") for p in ph) > 50
    assert sum(p.startswith("62") for p in ph) > 50
    assert sum("-" in p for p in ph) > 50 and sum(" " in p for p in ph) > 50
    foreign = ("+855", "+60", "+95", "+886", "+966", "+852")
    assert sum(p.startswith(foreign) for p in ph) > 30
    for p in ph:
        d = digits(p)
        if p.startswith(("0", "+62", "62")) and not p.startswith("00"):
            local = "0" + d[2:] if d.startswith("62") else d
            assert 10 <= len(local) <= 13 and local.startswith("08"), p
    # region codes: regency and district, dotted and undotted
    ar = collections.Counter()
    for r in recs:
        a = r["address_region"]
        ar["reg."] += bool(re.fullmatch(r"\d\d\.\d\d", a))
        ar["dist."] += bool(re.fullmatch(r"\d\d\.\d\d\.\d\d", a))
        ar["reg"] += bool(re.fullmatch(r"\d{4}", a))
        ar["dist"] += bool(re.fullmatch(r"\d{6}", a))
        assert a == "" or re.fullmatch(r"\d\d(\.?\d\d){1,2}", a), a
    assert all(ar[k] > 100 for k in ("reg.", "dist.", "reg", "dist"))


def test_true_niks_encode_sex_and_birth_date(data):
    ok = checked = 0
    for pid, rs in data["by_person"].items():
        for r in rs:
            n = r["nik"]
            if not re.fullmatch(r"\d{16}", n) or r["source"] != "IMIGRASI":
                continue
            checked += 1
            dd, mm = int(n[6:8]), int(n[8:10])
            assert int(n[:2]) in {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                                  61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96}
            if r["sex"] in ("P", "F") and 1 <= mm <= 12:
                ok += dd > 40
            elif r["sex"] in ("L", "M") and 1 <= mm <= 12:
                ok += dd <= 31
    assert checked > 200 and ok / checked > .95


def test_noise_between_records_of_one_person(data):
    seen = collections.Counter()
    for pid, rs in data["by_person"].items():
        niks = {digits(r["nik"]) for r in rs if len(digits(r["nik"])) == 16}
        for a in niks:
            for b in niks:
                if a < b:
                    diff = [i for i in range(16) if a[i] != b[i]]
                    if len(diff) == 1:
                        seen["nik_one_digit" + ("_date" if 6 <= diff[0] < 12 else "")] += 1
                    elif len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]:
                        seen["nik_transposed"] += 1
        dates = set()
        for r in rs:
            d = r["birth_date"]
            m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", d) or None
            if m:
                dates.add((int(m[1]), int(m[2]), int(m[3])))
            m = re.fullmatch(r"(\d\d)[/-](\d\d)[/-](\d{4})", d)
            if m:
                dates.add((int(m[3]), int(m[2]), int(m[1])))
        for y, mo, da in dates:
            if (y, da, mo) in dates and da != mo:
                seen["dob_day_month_swap"] += 1
            if any(y2 != y and 1 <= abs(y2 - y) <= 5 and (mo2, da2) == (mo, da) for y2, mo2, da2 in dates):
                seen["dob_year_shift"] += 1
        names = {norm_name(r["full_name"]) for r in rs}
        toks = {t for n in names for t in n.split()}
        if len(names) > 1:
            seen["name_differs"] += 1
        if any("oe" in t or "dj" in t or t.startswith("tj") for t in toks) and \
                any(t.replace("oe", "u").replace("dj", "j").replace("tj", "c") in toks for t in toks):
            seen["old_new_spelling"] += 1
        if len(toks & {"muhammad", "mohammad", "muhamad", "mochamad", "mohamad", "m", "moh", "muh", "mhd"}) >= 2:
            seen["muhammad_forms"] += 1
        if any(n.replace(" ", "") == m.replace(" ", "") and n != m for n in names for m in names):
            seen["joined_split"] += 1
        if ("bin" in toks or "binti" in toks) and any("bin" not in n.split() and "binti" not in n.split()
                                                      for n in names):
            seen["bin_binti_varies"] += 1
        if any(re.search(r"\b[A-Z]\.$", r["full_name"]) for r in rs):
            seen["surname_initial"] += 1
        if any(" Als. " in r["full_name"] or " ALS. " in r["full_name"] for r in rs):
            seen["alias"] += 1
        ordered = [n.split() for n in names]
        if any(a != b and a[1:] + a[:1] == b for a in ordered for b in ordered):
            seen["order_swapped"] += 1
        if any(r["full_name"].split()[0] in ("Sdr.", "Sdri.", "Nn.", "Ny.", "Ibu", "Bpk.", "H.", "Hj.", "An.")
               for r in rs if r["full_name"]):
            seen["honorific"] += 1
        if any(re.search(r"S\.Pd\.|S\.E\.|A\.Md\.|S\.H\.", r["full_name"]) for r in rs):
            seen["academic"] += 1
        phones = {digits(r["phone"])[-9:] for r in rs if r["phone"]}
        if len(phones) > 1:
            seen["phone_differs"] += 1
        if len({r["passport_no"].upper().replace(" ", "") for r in rs if r["passport_no"]}) > 1:
            seen["passport_renewed"] += 1
        regions = {r["address_region"].replace(".", "") for r in rs if r["address_region"]}
        if any(len(a) == 4 for a in regions) and any(len(a) == 6 and a[:4] in regions for a in regions):
            seen["region_vs_district"] += 1
    for key in ("nik_one_digit", "nik_one_digit_date", "nik_transposed", "dob_day_month_swap", "dob_year_shift",
                "name_differs", "old_new_spelling", "muhammad_forms", "joined_split", "bin_binti_varies",
                "surname_initial", "alias", "order_swapped", "honorific", "academic", "phone_differs",
                "passport_renewed", "region_vs_district"):
        assert seen[key] >= 3, (key, seen)


def test_nik_surface_noise(data):
    niks = [r["nik"] for r in data["recs"] if r["nik"]]
    assert sum(" " in n for n in niks) > 30
    assert sum("." in n and "E+" not in n for n in niks) > 10
    assert sum(n.startswith("'") for n in niks) > 10
    assert sum("E+15" in n for n in niks) > 3
    assert sum(bool(re.search(r"[OISBZG]", n)) for n in niks) > 3
    assert len(niks) < .75 * len(data["recs"])  # many records lack it


def test_common_names_recur_across_people(data):
    people = collections.defaultdict(set)
    for pid, rs in data["by_person"].items():
        for r in rs:
            people[norm_name(r["full_name"])].add(pid)
    for name in ("siti aminah", "nur hayati", "muhammad rizki", "wati"):
        assert len(people[name]) >= 15, name


def _group_members(data, kind):
    out = collections.defaultdict(list)
    for pid, g in data["groups"].items():
        if g["group_kind"] == kind:
            out[g["group_id"]].append(pid)
    return out


def _region(r):
    return digits(r["nik"])[:4] if len(digits(r["nik"])) == 16 else None


def test_hard_negatives(data):
    bp = data["by_person"]
    # namesakes: one name, one regency, valid NIKs encoding different birth dates
    hits = 0
    for gid, pids in _group_members(data, "namesake").items():
        niks = {}
        for pid in pids:
            for r in bp[pid]:
                if r["source"] == "IMIGRASI" or re.fullmatch(r"\d{16}", r["nik"]):
                    if re.fullmatch(r"\d{16}", r["nik"]):
                        niks[pid] = r["nik"]
        if len(niks) >= 2 and len({n[:4] for n in niks.values()}) == 1 and len({n[6:12] for n in niks.values()}) >= 2:
            hits += 1
    assert hits >= 5
    # twins: same birth date, same household phone, NIKs one serial apart
    twin_hits = 0
    for gid, pids in _group_members(data, "twin").items():
        if len(pids) != 2:
            continue
        a, b = (set(r["birth_date"] for r in bp[p] if re.fullmatch(r"\d{4}-\d\d-\d\d", r["birth_date"]))
                for p in pids)
        twin_hits += bool(a & b)
    assert twin_hits >= 3
    # father and son: same name, birth years 25-35 apart
    fs_hits = 0
    for gid, pids in _group_members(data, "father_son").items():
        if len(pids) != 2:
            continue
        names = [{norm_name(r["full_name"]) for r in bp[p]} for p in pids]
        years = [{int(r["birth_date"][-4:] if "/" in r["birth_date"] or r["birth_date"][2:3] == "-"
                      else r["birth_date"][:4]) for r in bp[p] if r["birth_date"]} for p in pids]
        if names[0] & names[1] and years[0] and years[1] and 25 <= abs(min(years[0]) - min(years[1])) <= 36:
            fs_hits += 1
    assert fs_hits >= 3
    # a recruiter's phone given for several unrelated victims
    owners = collections.defaultdict(set)
    for pid, rs in bp.items():
        for r in rs:
            if r["phone"]:
                owners[digits(r["phone"])[-9:]].add(pid)
    shared = [ps for ps in owners.values() if len(ps) >= 3]
    assert any(len({data["groups"][p]["group_kind"] for p in ps} & {"recruited"}) for ps in shared)
    # siblings share the household phone
    sib = 0
    for gid, pids in _group_members(data, "sibling").items():
        sets = [{digits(r["phone"])[-9:] for r in bp[p] if r["phone"]} for p in pids]
        sib += any(sets[i] & sets[j] for i in range(len(sets)) for j in range(i + 1, len(sets)))
    assert sib >= 5
