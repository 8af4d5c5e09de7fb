"""Fast checks of the gen_a synthetic linkage set (one 20,000-record run)."""

import csv
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from bench.linkage_sets import gen_a

N = 12_000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSPORT_SOURCES = re.compile(r"^(KBRI|KJRI|KDEI|KRI|IMIGRASI|KP2MI|BP3MI)")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen_a")
    stats = gen_a.generate(N, 7, str(out))
    with open(out / "records.csv", newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        rows = [dict(zip(header, r)) for r in rd]
    with open(out / "truth.csv", newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        theader = next(rd)
        truth = dict(rd)
    by_person = defaultdict(list)
    for row in rows:
        by_person[truth[row["record_id"]]].append(row)
    return {"dir": out, "header": header, "theader": theader, "rows": rows, "truth": truth,
            "by_person": by_person, "stats": stats}


def digits(s):
    return re.sub(r"\D", "", s)


def norm_phone(s):
    d = digits(s)
    if d.startswith("62"):
        d = "0" + d[2:]
    return d


def norm_nik(s):
    return re.sub(r"[ .\-]", "", s.upper().replace("O", "0").replace("I", "1"))


def test_headers(data):
    assert data["header"] == ["record_id", "source", "full_name", "sex", "birth_date",
                              "birth_place", "nik", "phone", "passport_no", "address_region"]
    assert data["theader"] == ["record_id", "person_id"]


def test_counts_and_truth_cover_every_record(data):
    rows = data["rows"]
    assert len(rows) == N
    ids = [r["record_id"] for r in rows]
    assert len(set(ids)) == N and all(ids)
    assert set(data["truth"]) == set(ids)
    assert data["stats"]["records"] == N


def test_deterministic_for_a_seed(tmp_path):
    outs = []
    for i, (seed, hashseed) in enumerate(((3, "1"), (3, "2"))):
        d = tmp_path / str(i)
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        subprocess.run([sys.executable, "-m", "bench.linkage_sets.gen_a", "--records", "2000",
                        "--seed", str(seed), "--out-dir", str(d)], check=True, cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL)
        outs.append(((d / "records.csv").read_bytes(), (d / "truth.csv").read_bytes()))
    assert outs[0] == outs[1]
    gen_a.generate(2000, 4, str(tmp_path / "other"))
    assert (tmp_path / "other" / "records.csv").read_bytes()[:20000] != outs[0][0][:20000]


def test_cluster_size_distribution(data):
    sizes = Counter(len(v) for v in data["by_person"].values())
    persons = sum(sizes.values())
    assert max(sizes) == 6 and min(sizes) == 1
    for s, w in zip(gen_a.CLUSTER_SIZES, gen_a.CLUSTER_WEIGHTS):
        assert abs(sizes[s] / persons - w) < 0.02, (s, sizes[s] / persons, w)
    assert 1.9 < N / persons < 2.2
    # a person's records come from distinct agency types
    for recs in data["by_person"].values():
        kinds = [re.split(r"-", r["source"])[0] for r in recs]
        kinds = ["KBRI" if k in ("KBRI", "KJRI", "KDEI", "KRI") else k for k in kinds]
        kinds = ["SOSIAL" if k in ("KEMENSOS", "DINSOS", "RPTC") else k for k in kinds]
        kinds = ["POLRI" if k in ("POLDA", "BARESKRIM") else k for k in kinds]
        kinds = ["P2MI" if k in ("KP2MI", "BP3MI") else k for k in kinds]
        assert len(kinds) == len(set(kinds)), recs


def test_nik_encoding():
    assert gen_a.nik_of("520101", 1998, 3, 5, "P", 1) == "5201014503980001"
    assert gen_a.nik_of("327301", 1990, 12, 31, "L", 9999) == "3273013112909999"


def test_nik_matches_birth_date_on_clean_police_records(data):
    ok = bad = 0
    for r in data["rows"]:
        if not r["source"].startswith(("POLRI", "POLDA", "BARESKRIM")):
            continue
        n, b = r["nik"], r["birth_date"]
        if not re.fullmatch(r"\d{16}", n) or not re.fullmatch(r"\d{2}-\d{2}-\d{4}", b):
            continue
        d, m, y = int(b[:2]), int(b[3:5]), int(b[6:])
        dd = d + 40 if r["sex"] in ("P", "F", "Perempuan") else d
        if n[6:12] == "%02d%02d%02d" % (dd, m, y % 100):
            ok += 1
        else:
            bad += 1
    assert ok > 300 and bad / (ok + bad) < 0.15
    # province codes are real ones
    # province codes are real ones (but for the rare typo in the district part)
    valid = {str(p) for p in list(range(11, 20)) + [21] + list(range(31, 37)) + [51, 52, 53]
             + list(range(61, 66)) + list(range(71, 77)) + [81, 82] + list(range(91, 97))}
    provs = Counter(r["nik"][:2] in valid for r in data["rows"] if re.fullmatch(r"\d{16}", r["nik"]))
    assert provs[False] / (provs[True] + provs[False]) < 0.01


def test_field_formats(data):
    rows = data["rows"]
    assert {r["sex"] for r in rows} == {"L", "P", "M", "F", "Laki-laki", "Perempuan", ""}
    kinds = Counter()
    for r in rows:
        b = r["birth_date"]
        for k, pat in (("ymd", r"\d{4}-\d{2}-\d{2}"), ("dmy/", r"\d{2}/\d{2}/\d{4}"),
                       ("dmy-", r"\d{2}-\d{2}-\d{4}"), ("y", r"\d{4}"), ("", r"")):
            if re.fullmatch(pat, b):
                kinds[k] += 1
                break
        else:
            raise AssertionError(b)
    assert all(kinds[k] > 50 for k in ("ymd", "dmy/", "dmy-", "y", ""))
    for r in rows:
        p = r["passport_no"]
        if p:
            assert PASSPORT_SOURCES.match(r["source"]), r
            assert re.fullmatch(r"[A-Za-z]{1,2} ?[0-9Oo]{6,7}", p), p
        reg = r["address_region"]
        assert re.fullmatch(r"(\d\d\.\d\d(\.\d\d)?|\d{4}|\d{6})?", reg), reg
    regs = Counter(len(r["address_region"]) for r in rows)
    assert all(regs[k] > 100 for k in (4, 5, 6, 8))
    for r in rows:
        ph = r["phone"]
        if ph.startswith("+62"):          # Indonesian mobiles: 10-13 digits as 08...
            assert 10 <= len(digits(ph)) - 1 <= 13, ph
            assert ph[3:5] == "8" or ph[3] == "8", ph


def test_noise_appears_within_persons(data):
    found = Counter()
    for recs in data["by_person"].values():
        if len(recs) < 2:
            continue
        # phone: same number as +62... on one record and 08... on another
        forms = defaultdict(set)
        for r in recs:
            if r["phone"]:
                forms[norm_phone(r["phone"])].add("+62" if r["phone"].startswith("+62")
                                                  else r["phone"][:2])
        if any({"+62", "08"} <= f for f in forms.values()):
            found["phone+62/08"] += 1
        if len({norm_phone(r["phone"]) for r in recs if r["phone"]}) > 1:
            found["phone differs"] += 1
        niks = [r["nik"] for r in recs if r["nik"]]
        if any(" " in n or "." in n for n in niks):
            found["nik formatted"] += 1
        clean = {norm_nik(n) for n in niks}
        if len(clean) > 1:
            found["nik differs"] += 1
        names = [r["full_name"] for r in recs]
        if any(n.isupper() for n in names) and any(n.istitle() for n in names):
            found["name case"] += 1
        has_bin = [bool(re.search(r"\bbinti?\b", n, re.I)) for n in names]
        if any(has_bin) and not all(has_bin):
            found["bin/binti dropped"] += 1
        if len({re.sub(r"[^A-Z]", "", n.upper()) for n in names}) > 1:
            found["name differs"] += 1
        years = {r["birth_date"][:4] if r["birth_date"][4:5] == "-" or len(r["birth_date"]) == 4
                 else r["birth_date"][-4:] for r in recs if r["birth_date"]}
        if len(years) > 1:
            found["birth year differs"] += 1
        pps = {r["passport_no"].upper().replace(" ", "") for r in recs if r["passport_no"]}
        if len(pps) > 1:
            found["renewed passport"] += 1
        regs = {r["address_region"] for r in recs if r["address_region"]}
        if any(len(x) == 5 for x in regs) and any(len(x) == 8 for x in regs):
            found["regency vs district"] += 1
    for k in ("phone+62/08", "phone differs", "nik formatted", "nik differs", "name case",
              "bin/binti dropped", "name differs", "birth year differs", "renewed passport",
              "regency vs district"):
        assert found[k] >= 10, (k, found)
    names = " ".join(r["full_name"].upper() for r in data["rows"])
    for v in ("MOHAMMAD", "MUHAMAD", "MOCHAMAD", "M. ", "SDR", "NY.", "HJ.", "OE", " DJ",
              "I WAYAN", "NI KADEK", "SIREGAR", "BINTI"):
        assert v in names, v
    phones = " ".join(r["phone"] for r in data["rows"])
    for cc in ("+855", "+60", "+95"):
        assert cc in phones, cc


def test_age_falsification_on_passport_records(data):
    n = 0
    for recs in data["by_person"].values():
        home = [r for r in recs if r["source"].startswith(("POLRI", "POLDA", "BARESKRIM",
                                                           "KEMENSOS", "DINSOS", "RPTC", "UPTD"))]
        docs = [r for r in recs if PASSPORT_SOURCES.match(r["source"])]

        def year(r):
            b = r["birth_date"]
            return int(b[:4]) if len(b) == 4 or b[4:5] == "-" else int(b[-4:])
        hy = {year(r) for r in home if r["birth_date"]}
        dy = {year(r) for r in docs if r["birth_date"]}
        if len(hy) == 1 and dy and max(dy) < min(hy) and min(hy) - min(dy) <= 5:
            n += 1
    assert n >= 20
    assert data["stats"]["falsified"] > 100


def test_hard_negatives(data):
    rows, truth = data["rows"], data["truth"]
    honor = re.compile(r"^(SDRI?\.?|NN\.|NY\.|BPK\.|IBU|TN\.|AN\.|HJ?\.)\s+")

    def key(n):
        return honor.sub("", n.upper().strip())
    # the same name in the same regency for different people
    groups = defaultdict(set)
    for r in rows:
        reg = digits(r["address_region"])[:4]
        if reg:
            groups[(key(r["full_name"]), reg)].add(truth[r["record_id"]])
    shared = [k for k, v in groups.items() if len(v) >= 2]
    assert len(shared) > 50
    assert any(k[0] in ("SITI AMINAH", "MUHAMMAD RIZKI", "WATI", "SRI WAHYUNI") for k in shared)
    # a phone shared by three or more different people (recruiters)
    by_phone = defaultdict(set)
    for r in rows:
        if r["phone"]:
            by_phone[norm_phone(r["phone"])].add(truth[r["record_id"]])
    assert sum(1 for v in by_phone.values() if len(v) >= 3) >= 10
    # twins: different people whose NIKs share district and encoded birth date
    by_nik12 = defaultdict(set)
    for r in rows:
        n = r["nik"]
        if re.fullmatch(r"\d{16}", n):
            by_nik12[n[:6] + "%02d" % (int(n[6:8]) % 40) + n[8:12]].add(truth[r["record_id"]])
    assert sum(1 for v in by_nik12.values() if len(v) >= 2) >= 30
    st = data["stats"]
    assert st["twins"] > 100 and st["father_son"] > 100 and st["namesake_copies"] > 100
    assert st["recruiters"] > 50 and st["recruited"] > 4 * st["recruiters"] / 2
    # father and son: same name, same household phone, births 25+ years apart
    by_name_phone = defaultdict(dict)
    for r in rows:
        if r["phone"] and r["birth_date"]:
            b = r["birth_date"]
            y = int(b[:4]) if len(b) == 4 or b[4:5] == "-" else int(b[-4:])
            nm = re.sub(r"\s+BIN\s+.*$", "", key(r["full_name"]))
            by_name_phone[(nm, norm_phone(r["phone"]))][truth[r["record_id"]]] = y
    fs = 0
    for v in by_name_phone.values():
        ys = sorted(v.values())
        if len(v) >= 2 and ys[-1] - ys[0] >= 25:
            fs += 1
    assert fs >= 10
