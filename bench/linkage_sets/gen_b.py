"""gen_b: a synthetic identity-resolution (record linkage) test set for Gugus, written from each agency's data entry.

    python -m bench.linkage_sets.gen_b --records N --seed S --out-dir DIR [--groups]

writes DIR/records.csv (record_id,source,full_name,sex,birth_date,birth_place,nik,phone,passport_no,
address_region) and DIR/truth.csv (record_id,person_id); with --groups also DIR/groups.csv (person_id,
group_id,group_kind,person_type), which labels the hard-negative scenario each person was made in.
Standard library only, deterministic for a seed, streaming: rows go to temporary bucket files chosen
at random, and each bucket is shuffled in memory, so the record order carries no trace of the
clusters and memory stays bounded (about 50 MB) whatever N is.  All data are invented.

Design: people first, then one *data-entry process* per agency
----------------------------------------------------------------
A person has one true identity (legal name as on the KTP, sex, birth date, birth town, NIK,
phones, passports, home district).  Each of their records is that identity as typed by one agency
with that agency's habits: the noise is not one global function but seven profiles (PROFILES):

POLRI      interview report (BAP) typed by the investigating officer from the KTP and the
           interview: upper case (70%), "Sdr."/"Sdri." (25%), "SITI AMINAH Als. MINAH" aliases (5%),
           bin/binti added from the interview (25%), H./Hj. and academic titles kept, keyboard
           typos (4%), NIK copied by hand (present 75%, one-digit typo 3.5%, transposition 1.5%),
           "Laki-laki"/"Perempuan", DD-MM-YYYY, district code 52.01.05, phone 0812-3456-789.
KEMENSOS   shelter (RPTC / Dinas Sosial) intake book written by hand and transcribed later:
           handwriting confusions in names (n/m, u/v, a/o...) and digits (1/7, 0/6, 3/8: 6%),
           nicknames only (6%), old/new or variant spelling (20%), joined/split names (12% each),
           NIK often missing (present 40%), sometimes the family-card head's NIK (3%, 9% for minors),
           Excel mangling of NIKs ("'5201..." 5%, "5,20105E+15" 3%), birth year only, estimated
           from the age told at intake (25%, then 30% one year off), the shelter's own region as
           address (30%: Tanjung Pinang 21.72 or Nunukan 65.04 for deportees from Malaysia,
           Jakarta Timur 31.75 / Kota Tangerang 36.71 otherwise), family member's phone.
BP3MI      migrant-worker registry export (KP2MI/SISKOP2MI): structured and complete (NIK 95%),
           upper case, name from the passport half the time, ISO dates, "L/P" or "M/F", phone
           62812..., undotted codes 5201 / 520105, NIK exported with an apostrophe (20%) or in
           scientific notation (3%).  It holds the *travel-document* birth date (80%), the
           recruiter's phone for recruited victims (60%), and a fake NIK for some falsified minors.
LPSK       witness-protection application typed carefully from a KTP photocopy: title case,
           titles kept (H./Hj. 60%, "S.Pd." 60%), NIK OCR confusions O/0 I/1 S/5 B/8 Z/2 G/6 (5%),
           NIK with dots 52.01.05.450398.0003 (15%) or spaces, the newer phone number.
KBRI       embassy citizen-protection desk, passport-scan list for a mass repatriation: the name as
           on the passport, surname/last name first (30%, "AMINAH, SITI" in 40% of those), cut at
           30 characters, MM/DD confusion (8%), NIK rare (12%) and OCR-confused (10%), the phone used
           abroad (+855 12 345 678, +60..., +95, +886, +966, +852), an emergency travel document or
           replacement passport number instead of the old passport (15%), address mostly empty.
UPTD_PPA   women-and-children service unit case file: Nn./Ny./An./Ibu (20%), nicknames (5%),
           a parent's phone for minors, the family-card NIK (children), birth year only (15%),
           the unit's office as address (20%).
IMIGRASI   passport system export: passport name in upper case, latest passport number (70%),
           travel-document birth date, NIK only for newer passports (50%), the issuing office's
           region (province capital, 40%).

Name variation is applied to the name's structure (prefix, given names, surname, patronymic):
case; honorifics and titles; surname as an initial ("HENDRA K."); joined or split names
("Sugengfirmansyah", "Nurhayati"/"Nur Hayati", "Abdul Rahman"/"Abdurrahman"); bin/binti and Batak
"br." present or absent; old/new spelling (u/oe, j/dj, c/tj, y/j, kh/ch, sy/sj, both ways: people
born before 1975 carry the old spelling in 30% of cases and clerks modernise it); variant spellings
(Rizki/Rizky/Rizqi, Yohanes/Johanes...); Muhammad/Mohammad/Muhamad/Mochamad/Moh./M.; dropped middle
names; I/Ni and Lalu/Baiq/Andi dropped; typos; nicknames derived from the name (Aminah -> Minah,
Rizki -> Kiki) or by custom (Balinese birth-order names Kadek, Made, Komang; Ucok, Butet, Neng).

Population
----------
Persons are of three types: returnees trafficked abroad (60%; Malaysia 30, Cambodia 20, Saudi Arabia
12, Myanmar 8, Taiwan 8, Hong Kong 7; men mostly to the Cambodian/Myanmar scam compounds, women to
domestic work), domestic victims (25%, 85% female, 35% minors) and people intercepted before
departure (15%).  Ages 13-55; minors sent abroad have a travel-document birth date 1-5 years earlier
in 70% of cases (age falsification), adults in 2%.  75 regencies with Kemendagri-style codes
(e.g. 5201 Lombok Barat, 3273 Kota Bandung, 3578 Surabaya, 3201 Bogor, 5303 Timor Tengah Selatan),
weighted towards the main areas of origin (Lombok, NTT, West and East Java), each with a mix of
naming traditions: Javanese single names, Muslim two/three-part names, bin/binti patronymics
(Sasak, Madurese, Bugis, Aceh), Balinese I/Ni + Wayan/Made/Nyoman/Ketut, Batak marga, Sundanese,
Bugis (Andi), Sasak (Lalu/Baiq), Christian names of NTT/Manado/Ambon, Chinese-Indonesian
(Indonesianised and Hakka), Papuan.  12-18% of people of a tradition get one of a few very common
full names (Siti Aminah, Nur Hayati, Muhammad Rizki, Wati, I Kadek Putra...), so there are many
different people of one name in one regency.  NIK: district code + DDMMYY (day + 40 for women) +
serial, unique per person, present for 85-95% of people; 6% live outside the district of their NIK.

Records per person (CLUSTER_PMF): 1: 50%, 2: 27%, 3: 12%, 4: 6%, 5: 3%, 6: 2% (mean 1.91); the
agencies are drawn without replacement with weights that depend on the person's type (returnees:
KBRI, shelters, BP3MI first; domestic victims: police, UPTD PPA, shelters), and 7% of further
records repeat an agency (a second police report, a second shelter stay).  The last person is cut
so that there are exactly N records.

Hard negatives (GROUP_KINDS, probability that a new group of people is of the kind; groups.csv):
namesake 3%    2-4 people with the same common name and sex in one regency, each with their own
               valid NIK and birth date (30% share the birth year);
sibling 5%     2-3 children of one household: same district, household phone, father's name in
               bin/binti, Batak/Christian/Chinese surname, family-card NIK; 1-8 years apart,
               Balinese birth-order names in sequence, sometimes a shared first name (Nur Aini /
               Nur Aisyah);
twin 1%        as siblings but the same birth date, NIKs one serial number apart;
father_son 1%  the same name, same district and household phone, 25-35 years apart, the son's
               family-card NIK is the father's;
recruited 1.5% 3-8 unrelated victims from one regency with one destination whose records give
               the recruiter's phone (BP3MI 60%, IMIGRASI 30%, KBRI 15%, police/shelter 10%).
The rest (88.5%) are single people.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import itertools
import os
import random
import sys
import tempfile


def pool(spec: str) -> list[tuple[str, float]]:
    """'Siti:10|Nur:8|Dewi' -> [(Siti, 10), (Nur, 8), (Dewi, 1)]."""
    out = []
    for part in spec.split("|"):
        part = part.strip()
        if not part:
            continue
        if ":" in part:
            name, w = part.rsplit(":", 1)
            out.append((name.strip(), float(w)))
        else:
            out.append((part, 1.0))
    return out


class FastRandom(random.Random):
    """random.Random whose integer helpers cost one random() call (the stdlib ones loop on getrandbits).

    Deterministic for a seed like its parent; only speed differs."""

    def randrange(self, start, stop=None):
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class Picker:
    """Weighted choice with one rng.random() call and a bisect."""

    __slots__ = ("vals", "cum", "total")

    def __init__(self, items):
        items = list(items)
        self.vals = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.vals[bisect.bisect_right(self.cum, rng.random() * self.total)]


def P(spec: str) -> Picker:
    return Picker(pool(spec))


# ---------------------------------------------------------------------------
# Regions: (regency code "PPRR", name, number of districts, towns, traditions,
# weight as an area of origin of trafficking victims).  Traditions:
# JAV Javanese, SUN Sundanese, MUS general Muslim/Malay/Minang/Banjar,
# SAS Sasak (Lombok), MAD Madurese, BAL Balinese, BAT Batak, BUG Bugis/Makassar,
# CHR Christian east Indonesia (NTT, Manado, Ambon), CHI Chinese-Indonesian,
# PAP Papuan.
REGIONS = [
    ("1171", "Kota Banda Aceh", 9, ["Banda Aceh"], {"MUS": 1}, 1),
    ("1206", "Toba Samosir", 16, ["Balige", "Laguboti", "Porsea"], {"BAT": 1}, 2),
    ("1212", "Deli Serdang", 22, ["Lubuk Pakam", "Tanjung Morawa", "Percut"], {"MUS": .5, "JAV": .3, "BAT": .2}, 3),
    ("1271", "Kota Medan", 21, ["Medan"], {"BAT": .4, "MUS": .35, "CHI": .15, "JAV": .1}, 4),
    ("1371", "Kota Padang", 11, ["Padang"], {"MUS": 1}, 1.5),
    ("1471", "Kota Pekanbaru", 12, ["Pekanbaru"], {"MUS": .7, "BAT": .15, "JAV": .15}, 1),
    ("1571", "Kota Jambi", 11, ["Jambi"], {"MUS": .7, "JAV": .2, "CHI": .1}, 1),
    ("1671", "Kota Palembang", 18, ["Palembang"], {"MUS": .8, "CHI": .1, "JAV": .1}, 1.5),
    ("1771", "Kota Bengkulu", 9, ["Bengkulu"], {"MUS": .8, "JAV": .2}, .5),
    ("1801", "Lampung Barat", 15, ["Liwa", "Sekincau"], {"MUS": .5, "JAV": .4, "SUN": .1}, 1),
    ("1871", "Kota Bandar Lampung", 20, ["Bandar Lampung", "Telukbetung", "Tanjungkarang"], {"MUS": .5, "JAV": .4, "SUN": .1}, 1.5),
    ("1971", "Kota Pangkalpinang", 7, ["Pangkalpinang"], {"MUS": .6, "CHI": .4}, .5),
    ("2171", "Kota Batam", 12, ["Batam", "Sekupang", "Batu Aji"], {"MUS": .5, "BAT": .2, "JAV": .2, "CHI": .1}, 2),
    ("3171", "Kota Jakarta Selatan", 10, ["Jakarta"], {"MUS": .4, "JAV": .3, "SUN": .1, "BAT": .1, "CHI": .1}, 2),
    ("3175", "Kota Jakarta Timur", 10, ["Jakarta"], {"MUS": .4, "JAV": .3, "SUN": .15, "BAT": .1, "CHR": .05}, 2.5),
    ("3201", "Bogor", 40, ["Cibinong", "Bogor", "Ciawi", "Leuwiliang", "Citeureup"], {"SUN": .7, "MUS": .2, "JAV": .1}, 6),
    ("3202", "Sukabumi", 47, ["Sukabumi", "Cibadak", "Palabuhanratu", "Cicurug"], {"SUN": .85, "MUS": .15}, 6),
    ("3203", "Cianjur", 32, ["Cianjur", "Cipanas", "Sukanagara"], {"SUN": .85, "MUS": .15}, 7),
    ("3204", "Bandung", 31, ["Soreang", "Majalaya", "Banjaran", "Ciparay"], {"SUN": .85, "MUS": .15}, 4),
    ("3209", "Cirebon", 40, ["Sumber", "Cirebon", "Plered", "Weru"], {"JAV": .5, "SUN": .3, "MUS": .2}, 5),
    ("3212", "Indramayu", 31, ["Indramayu", "Jatibarang", "Haurgeulis"], {"JAV": .6, "SUN": .2, "MUS": .2}, 8),
    ("3215", "Karawang", 30, ["Karawang", "Rengasdengklok", "Cikampek"], {"SUN": .7, "MUS": .2, "JAV": .1}, 5),
    ("3273", "Kota Bandung", 30, ["Bandung"], {"SUN": .7, "MUS": .15, "CHI": .1, "CHR": .05}, 3),
    ("3301", "Cilacap", 24, ["Cilacap", "Majenang", "Kroya", "Sidareja"], {"JAV": .8, "MUS": .2}, 5),
    ("3302", "Banyumas", 27, ["Purwokerto", "Sokaraja", "Ajibarang"], {"JAV": .8, "MUS": .2}, 3),
    ("3328", "Tegal", 18, ["Slawi", "Adiwerna", "Tegal"], {"JAV": .75, "MUS": .25}, 3),
    ("3329", "Brebes", 17, ["Brebes", "Bumiayu", "Ketanggungan"], {"JAV": .7, "MUS": .2, "SUN": .1}, 4),
    ("3374", "Kota Semarang", 16, ["Semarang"], {"JAV": .7, "MUS": .15, "CHI": .1, "CHR": .05}, 2),
    ("3404", "Sleman", 17, ["Sleman", "Depok", "Godean"], {"JAV": .85, "MUS": .15}, 1.5),
    ("3471", "Kota Yogyakarta", 14, ["Yogyakarta"], {"JAV": .85, "CHI": .05, "CHR": .1}, 1),
    ("3502", "Ponorogo", 21, ["Ponorogo", "Jetis", "Sumoroto"], {"JAV": .8, "MUS": .2}, 4),
    ("3504", "Tulungagung", 19, ["Tulungagung", "Ngunut", "Campurdarat"], {"JAV": .8, "MUS": .2}, 4),
    ("3505", "Blitar", 22, ["Blitar", "Wlingi", "Srengat", "Kesamben"], {"JAV": .85, "MUS": .15}, 5),
    ("3507", "Malang", 33, ["Kepanjen", "Malang", "Singosari", "Turen", "Lawang"], {"JAV": .8, "MUS": .2}, 6),
    ("3509", "Jember", 31, ["Jember", "Ambulu", "Kalisat"], {"JAV": .4, "MAD": .4, "MUS": .2}, 4),
    ("3510", "Banyuwangi", 25, ["Banyuwangi", "Genteng", "Rogojampi"], {"JAV": .6, "MAD": .2, "MUS": .2}, 4),
    ("3526", "Bangkalan", 18, ["Bangkalan", "Arosbaya", "Blega"], {"MAD": .9, "MUS": .1}, 2),
    ("3529", "Sumenep", 27, ["Sumenep", "Ambunten", "Pasongsongan"], {"MAD": .9, "MUS": .1}, 3),
    ("3578", "Kota Surabaya", 31, ["Surabaya"], {"JAV": .55, "MUS": .2, "MAD": .1, "CHI": .1, "CHR": .05}, 3),
    ("3602", "Lebak", 28, ["Rangkasbitung", "Malingping", "Cipanas"], {"SUN": .8, "MUS": .2}, 2),
    ("3603", "Tangerang", 29, ["Tigaraksa", "Balaraja", "Cikupa", "Curug"], {"SUN": .4, "MUS": .3, "JAV": .2, "CHI": .1}, 3),
    ("5103", "Badung", 6, ["Mangupura", "Kuta", "Mengwi"], {"BAL": .9, "JAV": .1}, 1),
    ("5104", "Gianyar", 7, ["Gianyar", "Ubud", "Sukawati"], {"BAL": 1}, 1),
    ("5108", "Buleleng", 9, ["Singaraja", "Seririt", "Sawan"], {"BAL": .9, "MUS": .1}, 2),
    ("5171", "Kota Denpasar", 4, ["Denpasar"], {"BAL": .75, "JAV": .15, "CHR": .1}, 1),
    ("5201", "Lombok Barat", 10, ["Gerung", "Narmada", "Lingsar", "Gunungsari", "Sekotong"], {"SAS": .9, "BAL": .1}, 8),
    ("5202", "Lombok Tengah", 12, ["Praya", "Jonggat", "Pujut", "Kopang"], {"SAS": 1}, 9),
    ("5203", "Lombok Timur", 21, ["Selong", "Masbagik", "Aikmel", "Pringgabaya", "Keruak"], {"SAS": 1}, 10),
    ("5204", "Sumbawa", 24, ["Sumbawa Besar", "Alas", "Empang"], {"MUS": 1}, 3),
    ("5271", "Kota Mataram", 6, ["Mataram", "Ampenan", "Cakranegara"], {"SAS": .7, "BAL": .2, "CHI": .1}, 2),
    ("5301", "Kupang", 24, ["Oelamasi", "Kupang", "Baun"], {"CHR": 1}, 5),
    ("5303", "Timor Tengah Selatan", 32, ["Soe", "Niki-Niki", "Kapan", "Oinlasi"], {"CHR": 1}, 7),
    ("5304", "Timor Tengah Utara", 24, ["Kefamenanu", "Insana", "Eban"], {"CHR": 1}, 4),
    ("5305", "Belu", 12, ["Atambua", "Halilulik", "Weliman"], {"CHR": 1}, 3),
    ("5307", "Sikka", 21, ["Maumere", "Nita", "Paga"], {"CHR": 1}, 3),
    ("5371", "Kota Kupang", 6, ["Kupang"], {"CHR": .85, "MUS": .15}, 2),
    ("6101", "Sambas", 19, ["Sambas", "Pemangkat", "Tebas"], {"MUS": .8, "CHI": .2}, 3),
    ("6171", "Kota Pontianak", 6, ["Pontianak"], {"MUS": .5, "CHI": .3, "CHR": .2}, 2),
    ("6172", "Kota Singkawang", 5, ["Singkawang"], {"CHI": .55, "MUS": .35, "CHR": .1}, 3),
    ("6271", "Kota Palangka Raya", 5, ["Palangka Raya"], {"CHR": .4, "MUS": .4, "JAV": .2}, .5),
    ("6371", "Kota Banjarmasin", 5, ["Banjarmasin"], {"MUS": 1}, 1),
    ("6471", "Kota Balikpapan", 6, ["Balikpapan"], {"JAV": .4, "BUG": .3, "MUS": .3}, 1),
    ("6504", "Nunukan", 19, ["Nunukan", "Sebatik", "Sebuku"], {"BUG": .6, "MUS": .2, "CHR": .2}, 3),
    ("6571", "Kota Tarakan", 4, ["Tarakan"], {"BUG": .5, "JAV": .2, "MUS": .2, "CHI": .1}, 1),
    ("7171", "Kota Manado", 11, ["Manado"], {"CHR": .85, "MUS": .15}, 1.5),
    ("7271", "Kota Palu", 8, ["Palu"], {"MUS": .6, "BUG": .3, "CHR": .1}, 1),
    ("7308", "Bone", 27, ["Watampone", "Sibulue", "Mare"], {"BUG": 1}, 4),
    ("7313", "Wajo", 14, ["Sengkang", "Pitumpanua"], {"BUG": 1}, 2),
    ("7371", "Kota Makassar", 15, ["Makassar"], {"BUG": .75, "CHR": .1, "CHI": .1, "MUS": .05}, 2),
    ("7471", "Kota Kendari", 11, ["Kendari"], {"MUS": .6, "BUG": .4}, 1),
    ("7571", "Kota Gorontalo", 9, ["Gorontalo"], {"MUS": 1}, .5),
    ("7604", "Mamuju", 11, ["Mamuju", "Kalukku"], {"BUG": .7, "MUS": .3}, .5),
    ("8171", "Kota Ambon", 5, ["Ambon"], {"CHR": .6, "MUS": .4}, 1),
    ("8201", "Halmahera Barat", 9, ["Jailolo", "Sahu"], {"CHR": .5, "MUS": .5}, .5),
    ("9103", "Jayapura", 19, ["Sentani", "Waibu", "Kemtuk"], {"PAP": .8, "CHR": .2}, 1),
    ("9171", "Kota Jayapura", 5, ["Jayapura", "Abepura"], {"PAP": .6, "CHR": .2, "BUG": .1, "JAV": .1}, 1),
    ("9271", "Kota Sorong", 10, ["Sorong"], {"PAP": .4, "CHR": .3, "MUS": .2, "BUG": .1}, .5),
]

# informal short forms people and clerks write for a place
PLACE_ABBREV = {
    "Lombok Barat": ["Lobar"], "Lombok Tengah": ["Loteng"], "Lombok Timur": ["Lotim"],
    "Timor Tengah Selatan": ["TTS", "Tim-Teng-Sel"], "Timor Tengah Utara": ["TTU"],
    "Jakarta": ["DKI Jakarta", "Jkt"], "Yogyakarta": ["Jogja", "Jogjakarta", "Yogya"],
    "Bandar Lampung": ["B. Lampung", "Bdr Lampung"], "Palabuhanratu": ["Pelabuhan Ratu"],
    "Sumbawa Besar": ["Sumbawa"], "Niki-Niki": ["Niki Niki"], "Palangka Raya": ["Palangkaraya"],
    "Pangkalpinang": ["Pangkal Pinang"], "Tanjung Morawa": ["Tj. Morawa", "Tg Morawa"],
    "Banda Aceh": ["B. Aceh"], "Kefamenanu": ["Kefa"], "Watampone": ["Bone"],
    "Telukbetung": ["Teluk Betung"], "Tanjungkarang": ["Tanjung Karang"],
}

# ---------------------------------------------------------------------------
# Names.  Each tradition: pools of given names by sex; "common" full names that
# must recur across many different people.

COMMON = {
    ("MUS", "P"): P("Siti Aminah:10|Nur Hayati:8|Siti Fatimah:4|Nurul Hidayah:4|Siti Rahmah:3|Sri Wahyuni:4|Dewi Lestari:2"),
    ("MUS", "L"): P("Muhammad Rizki:10|Ahmad Fauzi:5|Abdul Rahman:5|Muhammad Iqbal:3|Rahmat Hidayat:4|Muhammad Ilham:2"),
    ("JAV", "P"): P("Wati:5|Sri Wahyuni:6|Siti Aminah:4|Nur Hayati:4|Sri Rahayu:3|Suparmi:2|Dwi Lestari:2"),
    ("JAV", "L"): P("Sugeng:5|Slamet:5|Agus Santoso:3|Muhammad Rizki:4|Eko Prasetyo:3|Budi Santoso:3|Joko:2"),
    ("SUN", "P"): P("Siti Aminah:6|Nur Hayati:5|Euis Komariah:3|Siti Nurjanah:2|Wati:3|Yuyun:2|Cucu Sumiati:2"),
    ("SUN", "L"): P("Asep Saepudin:5|Muhammad Rizki:4|Ujang:3|Dede Kurniawan:2|Asep:3|Yayan Sopyan:2|Ahmad Fauzi:2"),
    ("SAS", "P"): P("Siti Aminah:6|Nur Hayati:4|Saenah:3|Siti Hasanah:3|Baiq Nurul Hidayah:1|Nurul Aini:2"),
    ("SAS", "L"): P("Muhammad Rizki:5|Ahmad Fauzi:3|Lalu Muhammad Hadi:1|Sukri:3|Abdul Hadi:3|Mahsun:2"),
    ("MAD", "P"): P("Sitti Maimunah:4|Siti Aminah:4|Nur Hasanah:3|Siti Aisyah:3|Hosnol Khotimah:2"),
    ("MAD", "L"): P("Moh. Holis:4|Muhammad Rizki:3|Abd. Rahman:3|Ahmad Faisol:2|Moh. Sholeh:2"),
    ("BAL", "P"): P("Ni Kadek Ayu Lestari:3|Ni Made Sri Ariani:3|Ni Wayan Sukarini:2|Ni Ketut Sudarmi:2|Ni Putu Ayu Wahyuni:2"),
    ("BAL", "L"): P("I Made Suarjana:3|I Kadek Putra:4|I Wayan Sudarma:3|I Ketut Artawan:2|I Gede Adnyana:2|I Komang Putra:2"),
    ("BAT", "P"): P("Maria Simanjuntak:3|Tiur Sitorus:2|Rosmawati Siregar:2|Lenny Sinaga:2"),
    ("BAT", "L"): P("Jhon Sitorus:3|Rudi Hutapea:2|Daniel Simanjuntak:2|Hotman Sinaga:2"),
    ("BUG", "P"): P("Sitti Aisyah:3|Hasnawati:4|Nurhayati:4|Rahmawati:3|Sitti Rahmah:3"),
    ("BUG", "L"): P("Muhammad Arfah:3|Baharuddin:4|Hasanuddin:4|Syamsuddin:3|Andi Baso:1"),
    ("CHR", "P"): P("Maria Nahak:3|Yuliana Tefa:3|Maria Goreti Bria:2|Agustina Seran:2|Mariana Benu:2"),
    ("CHR", "L"): P("Yohanes Nahak:3|Antonius Seran:3|Yosef Bria:2|Petrus Taneo:2|Fransiskus Nitbani:2"),
    ("CHI", "P"): P("Lina Gunawan:2|Susanti Halim:2|Yenny Setiawan:2|Liliana Wijaya:2"),
    ("CHI", "L"): P("Hendra Wijaya:3|Budi Santoso:2|Ferry Gunawan:2|Andreas Halim:2"),
    ("PAP", "P"): P("Maria Wenda:2|Yohana Kogoya:2|Naomi Tabuni:2"),
    ("PAP", "L"): P("Yakobus Wenda:2|Petrus Kogoya:2|Markus Tabuni:2"),
}
COMMON_SHARE = {"MUS": .18, "JAV": .18, "SUN": .18, "SAS": .18, "MAD": .18, "BAL": .15, "BAT": .12,
                "BUG": .2, "CHR": .15, "CHI": .1, "PAP": .15}

MUS_F1 = P("Siti:10|Nur:8|Nurul:4|Dewi:3|Rina:2|Fitri:2|Yuni:2|Rahma|Putri:2|Indah|Aisyah:2|Fatimah:2|Zahra|"
           "Annisa:2|Ayu:2|Sri:3|Rini|Lina|Mega|Wulan|Intan|Nabila|Khairunnisa|Ratna|Sari|Eka|Yulia|Desi|Novi|Maya")
MUS_F2 = P("Aminah:6|Hayati:6|Rahmah:3|Fatimah:3|Aisyah:3|Hidayah:3|Rahmawati:3|Wahyuni:3|Lestari:3|Safitri:3|"
           "Handayani:2|Kurniasih:2|Marlina:2|Sartika:2|Maharani|Permata|Anggraini:2|Susanti:2|Puspita|Fitriani:2|"
           "Yanti:2|Zulaikha|Maimunah|Khadijah:2|Mardiyah|Sholihah|Ulfa|Azizah|Jannah|Halimah|Ma'rifah")
MUS_M1 = P("Muhammad:14|Ahmad:6|Abdul:4|Rahmat:2|Dedi|Rizal|Fajar:2|Hendra:2|Irfan|Arif:2|Rudi:2|Agus:2|Yusuf:2|"
           "Ilham:2|Fauzan|Hasan|Ridwan|Zulkifli|Khairul|Syaiful|Syamsul|Budi|Iwan|Bayu|Dimas|Reza|Taufik|Ma'ruf|Imam")
MUS_M2 = P("Rizki:8|Fauzi:4|Rahman:4|Iqbal:3|Hidayat:4|Hakim:2|Aziz:2|Saputra:4|Ramadhan:3|Firmansyah:3|"
           "Kurniawan:3|Pratama:3|Hasan:2|Ilham|Syahputra:2|Nugroho|Setiawan:2|Maulana:2|Akbar:2|Wijaya|Anwar:2|"
           "Yusuf:2|Hamzah|Ismail|Ibrahim|Habibi|Alfarizi|Gunawan|Sulaiman")
MUS_SINGLE_F = P("Nurhayati:3|Rahmawati:2|Fitriani|Marlina|Khadijah|Nuraini:2|Rosmiati|Yusnidar")
MUS_SINGLE_M = P("Zulkifli:2|Hasanuddin|Syahrial|Jamaluddin|Nasruddin|Darmawan|Fadli|Khairuddin")

JAV_SF = P("Wati:3|Suparmi:3|Sumiati:3|Sulastri:3|Sunarti:2|Ngatini:2|Suwarni:2|Rukmini|Sumarni:2|Tukinem|"
           "Painem|Sarinah|Wartini|Kasmini|Lestari:2|Suyati:2|Juminten|Parmi:2|Endang:2|Yuliani|Murniati|"
           "Rusmini|Karsini|Darsih|Tarsih|Sutinah")
JAV_F1 = P("Sri:8|Tri:3|Dwi:3|Eka:2|Endang:2|Puji|Rini|Dewi:2|Siti:3|Nur:2|Wahyu|Retno|Ika|Yuli|Ratna")
JAV_F2 = P("Wahyuni:5|Lestari:4|Rahayu:4|Astuti:3|Handayani:3|Utami:2|Suryani:2|Wulandari:2|Mulyani:2|"
           "Purwanti:2|Setyowati:2|Susilowati|Kurniawati:2|Ningsih:3|Haryati|Sulistyowati|Rahmawati:2|"
           "Pratiwi:2|Hartati|Yuniarti")
JAV_SM = P("Sugeng:4|Slamet:4|Sutrisno:2|Suparman:2|Sukardi:2|Supriyadi:2|Bambang|Joko:2|Mulyono:2|Sarno|"
           "Paijo|Kasmin|Wagiman|Tukiman|Sumarno|Suyono|Darmaji|Heru|Hartono:2|Sunardi|Purwanto:2|Giyanto|"
           "Teguh|Margono|Riyanto")
JAV_M1 = P("Agus:4|Budi:3|Eko:3|Joko:2|Bambang:2|Dwi:2|Tri:2|Heru|Wahyu:2|Hendra|Sugeng|Yudi|Adi:2|Bayu|"
           "Dimas|Rudi|Andi|Arif|Dedi|Aris")
JAV_M2 = P("Santoso:4|Susanto:2|Prasetyo:3|Setiawan:3|Wibowo:3|Nugroho:3|Purnomo:2|Hidayat|Kurniawan:2|"
           "Firmansyah:2|Saputro:2|Widodo:2|Raharjo|Pamungkas|Wicaksono|Hermawan|Sutanto|Suryanto|Cahyono:2|"
           "Prabowo|Hartanto|Setyawan")

SUN_F1 = P("Euis:2|Cucu:2|Neng:2|Iis:2|Enung|Entin|Imas:2|Lilis:2|Nining|Yuyun:2|Elis|Rina|Siti:4|Nur|Dede|"
           "Ai|Teti|Wiwin|Aneu|Yeni")
SUN_F2 = P("Komariah:2|Sumiati:2|Kurniasih:2|Rohaeti|Nurhasanah:2|Rostika|Maryati:2|Suryati|Hayati:2|Aminah:2|"
           "Jubaedah|Rohmah|Nurjanah:2|Mulyati|Sopiah|Hasanah|Karlina|Susilawati|Fitriani")
SUN_SF = P("Wati:3|Entin|Euis|Yuyun|Iis|Cicih|Enok")
SUN_M1 = P("Asep:5|Ujang:3|Dede:3|Yayan:2|Cecep:2|Ade:2|Dadang:2|Encep|Deden|Agus:2|Aep|Iwan:2|Jajang|"
           "Endang|Muhammad:3|Acep|Ahmad|Rudi")
SUN_M2 = P("Saepudin:3|Sopyan:2|Kurniawan:2|Hidayat:3|Supriatna:2|Suryana:2|Sunarya|Mulyana:2|Rohmat|"
           "Setiawan:2|Sutisna|Permana:2|Gunawan|Ruhiyat|Nugraha:2|Rizki:2|Saputra|Firmansyah|Ramdani:2|Hermawan")

SAS_F1 = P("Siti:4|Nur:2|Sri|Rabiatul|Nurul|Baiq:1")
SAS_F2 = P("Aminah:3|Hayati:2|Rahmah:2|Hidayati|Hasanah:2|Aini:2|Adawiyah|Mariani|Rohani|Fatimah|Zohriah|Muliani")
SAS_SF = P("Rohani|Marni|Mahnun|Saenah:2|Hasnah|Sumiati|Murniati|Sahniwati|Nursiah")
SAS_M1 = P("Muhammad:5|Ahmad:2|Abdul:2|Zainul|Sahrul|Lalu:1")
SAS_M2 = P("Rizki:2|Fauzi:2|Hadi:2|Ramli|Hasan|Mahsun|Sahnan|Juhri|Zulkarnain|Husni|Amir|Mustafa|Sudirman|"
           "Hairul|Supardi")
SAS_SM = P("Sahnan|Mahsun|Sukri:2|Rusdi|Jumadil|Sabarudin|Muhdar|Sapoan|Amaq Sahrul:0.2")

MAD_F1 = P("Sitti:3|Siti:2|Nur:2|Hosnol|Ummi|Fatimatuz")
MAD_F2 = P("Maimunah:2|Aisyah:2|Zahro:2|Khotimah:2|Hasanah:2|Fadilah|Jamilah|Munawaroh|Rahma|Holifah")
MAD_SF = P("Asiyah|Sumaiyah|Masruroh|Juhairiyah|Hasanah")
MAD_M1 = P("Moh.:3|Muhammad:3|Abd.|Ach.|Ahmad:2|Fathor|Mat")
MAD_M2 = P("Holis:2|Rahman:2|Sahri|Hasan:2|Suhri|Faisol:2|Hafid|Sholeh:2|Rofiq|Ali:2|Junaidi|Hosen|Matsari")

BAL_GM = P("Suarjana|Sudarma|Artawan|Wirawan|Sukadana|Budiarta|Mahendra|Adnyana|Sutrisna|Arsana|Darmawan|"
           "Suardika|Ariawan|Sudiarta|Widiana|Putra:3|Dharma|Juliana|Sukerta|Astawa")
BAL_GF = P("Sukmawati|Lestari:2|Ariani:2|Suryani|Sudarmi|Puspitasari|Widiastuti|Rusmini|Sukarini|Wahyuni|"
           "Sariasih|Astiti|Purnamasari|Sumiati|Mariani|Yuliani|Kartini|Suartini|Sukarmi")
BAL_ORDER_M = {1: P("Wayan:5|Putu:3|Gede:2"), 2: P("Made:45|Kadek:40|Nengah:15"), 3: P("Nyoman:55|Komang:45"), 4: P("Ketut")}
BAL_ORDER_F = {1: P("Wayan:4|Putu:35|Luh:25"), 2: P("Made:45|Kadek:40|Nengah:15"), 3: P("Nyoman:55|Komang:45"), 4: P("Ketut")}

BAT_GM = P("Jhon:2|Rudi|Hotman|Parulian|Roy|Benny|Daniel|Martin|Tigor|Sahat|Poltak|Marihot|Fernando|Agus|"
           "Hendra|Josua|Samuel|Bonar|Ucok:0.3")
BAT_GF = P("Maria:2|Tiur|Rosmawati|Lamtiur|Rut|Ester|Debora|Sarah|Intan|Rika|Lenny|Friska|Yohana|Melati|"
           "Lusiana|Romauli|Dame|Sondang")
BAT_MARGA = P("Simanjuntak:2|Hutapea|Sitorus:2|Sinaga:2|Siregar:2|Nainggolan|Simatupang|Panjaitan|Pardede|"
              "Manurung|Sihombing|Situmorang|Tampubolon|Hutagalung|Silalahi|Lubis|Nasution|Harahap|Gultom|"
              "Sianipar|Pasaribu|Hutabarat|Napitupulu|Damanik|Saragih|Purba|Sembiring|Ginting|Tarigan")

CHR_GM = P("Yohanes:3|Antonius:2|Yosef:2|Fransiskus:2|Petrus:2|Paulus|Markus|Yakobus|Aleksander|Daniel|"
           "Stefanus|Mikael|Agustinus:2|Yulius|Marthen|Frengki|Jefri|Kornelis|Dominggus|Simon")
CHR_GF = P("Maria:5|Yuliana:2|Fransiska|Agustina:2|Yohana|Margaretha|Elisabeth|Theresia|Veronika|Anastasia|"
           "Ester|Sofia|Marlin|Selfina|Novita|Oktaviana|Yasinta|Martha|Adriana|Mariana:2")
CHR_MID_F = P("Goreti|Magdalena|Imakulata|Fatima|Yosefina")
CHR_MID_M = P("Maria|Kristoforus|Yosef|Benediktus")
CHR_SUR = {
    "53": P("Nahak|Bria|Seran|Tefa|Boimau|Nenobais|Taneo|Benu|Nitbani|Manafe|Selan|Tallo|Bani|Nope|Atok|Kolo|"
            "Mau|Tanesib|Lake|Nubatonis|Sole|da Silva|Parera|Fernandez|Wangge|Lewar|Kleden|Making"),
    "71": P("Lumenta|Wenas|Rumengan|Sondakh|Tumbelaka|Rondonuwu|Mandagi|Kaunang|Pangemanan|Lengkong"),
    "81": P("Latuheru|Pattiasina|Tuhumury|Pattinama|Leiwakabessy|Sahetapy|Matulessy|Lewerissa"),
    "": P("Nahak|Bria|Seran|Lumenta|Wenas|Latuheru|Pattiasina|Sinaga|Tefa|Kolo|Parera|Sondakh"),
}

CHI_GM = P("Hendra:2|Budi|Ferry|Andreas|Rudy|Hartono|Sutanto|Ricky|Willy|Kevin|Hendrik|Johan|Sugianto|Tommy")
CHI_GF = P("Lina:2|Yenny|Susanti|Liliana|Jessica|Stefani|Wendy|Melisa|Sandra|Vivian|Mega|Linda|Shinta|Meilani")
CHI_SUR = P("Wijaya:3|Gunawan:2|Santoso|Halim:2|Tanuwijaya|Setiawan|Kusuma|Hartono|Salim|Susanto|Sugianto|"
            "Chandra|Widjaja|Tjandra|Lim|Tan")
HAKKA_SUR = P("Bong:2|Lim:2|Tjhai:2|Chin|Lie|Liu|Tjong|Phang|Hiu|Ng|Thjin|Kho")
HAKKA_SYL = P("Siat|Fung|Kwet|Lian|Fui|Lin|Mei|Lan|Moi|Sui|Fa|Nyuk|Hiong|Hua|Kim|Jit|Kiun|Siong|Khiun|Ket|Min|"
              "Fat|Choi|Lui|Thiam")

BUG_GM = P("Muhammad:3|Baso|Baharuddin:2|Hasanuddin:2|Syamsuddin:2|Amiruddin|Jamaluddin|Kamaruddin|Ridwan|"
           "Arfah|Asri|Rusli|Syahrir|Anwar|Abdul:2|Haeruddin|Akbar")
BUG_M2 = P("Arfah|Rahman|Syarif|Ali|Amir|Nur|Saleh|Hamid|Ramli|Yusuf")
BUG_GF = P("Sitti:3|Hasnawati:2|Nurhaeda|Nurhayati:2|Hasnah|Rosmini|Hajrah|Sumarni|Rahmawati:2|Nurjannah|"
           "Ratnawati|Suriani|Asmawati|Haspiah|Nurmiati|Murni")
BUG_F2 = P("Aisyah|Rahmah|Nurhaedah|Hadijah|Aminah|Hasnah")

PAP_SUR = P("Wenda|Kogoya|Tabuni|Wonda|Yikwa|Murib|Mirin|Rumbiak|Kaisiepo|Yoku|Ohee|Sanggenafa|Mandowen|"
            "Rumbewas|Wanimbo|Pigai|Gobai")
PAP_GM = P("Yakobus|Petrus|Markus|Ferdinand|Yohanis|Obed|Nikolas|Simon|Yonas|Elias")
PAP_GF = P("Yohana|Naomi|Rut|Maria|Ester|Marice|Yuliana|Debora|Agustina|Selina")

# fathers' names for bin/binti patronymics, by broad tradition
FATHER_MUS = P("Abdullah:3|Ahmad:2|Muhammad:2|Hasan|Ismail|Usman|Ibrahim|Sulaiman|Yusuf|Abdul Karim|Ali|"
               "Harun|Idris|Jafar|Salim|Umar|Zainal")
FATHER_SAS = P("Amaq Sahnan|Lalu Ahmad|Mahsun|Sukri|Abdul Hadi|Rusdi|H. Muhdar|Ramli|Juhri|Sapoan")
FATHER_MAD = P("Moh. Holis|Abd. Rahman|Sahri|Matsari|Hosen|Sholeh|Suhri")
FATHER_BUG = P("Baso|Baharuddin|Syamsuddin|Ramli|Hamid|Arfah|Rusli")

GENERIC_NICK = {
    ("BAT", "L"): ["Ucok"], ("BAT", "P"): ["Butet", "Tiur"], ("SUN", "L"): ["Ujang", "Asep"],
    ("SUN", "P"): ["Neng", "Eneng"], ("JAV", "P"): ["Nduk", "Ning"], ("JAV", "L"): ["Le", "Gus"],
    ("CHI", "P"): ["Ahmoi", "Amoi"], ("CHI", "L"): ["Ahong", "Acong"],
}

# spelling: canonical modern form -> alternative forms seen in records
SPELL_VARIANTS = {
    "rizki": ["rizky", "rizqi", "risky", "rizqy", "riski"], "aisyah": ["aisah", "aisya", "aisyiah"],
    "fauzi": ["fauzy", "fauzie"], "hidayat": ["hidayah", "hidajat"], "hayati": ["hayaty"],
    "yusuf": ["yusup", "jusuf"], "syaiful": ["saiful", "syaifull"], "ramadhan": ["ramadan", "romadhon"],
    "khadijah": ["hadijah", "khodijah"], "fatimah": ["fatima", "fathimah"], "rahmah": ["rahma", "rohmah"],
    "saepudin": ["saefudin", "syaifudin"], "sopyan": ["sofyan", "sopian"], "yohanes": ["johanes", "johannes"],
    "yosef": ["yoseph", "josef", "yusuf"], "fransiskus": ["fransiscus", "frans"], "yuliana": ["juliana", "yulianah"],
    "mikael": ["michael", "mikhael"], "aleksander": ["alexander", "aleksandro"], "stefanus": ["stevanus", "stefanos"],
    "theresia": ["teresia", "theressia"], "veronika": ["veronica"], "margaretha": ["margareta"],
    "elisabeth": ["elisabet", "elizabeth"], "yakobus": ["jakobus", "yacobus"], "jhon": ["john", "jon"],
    "sitti": ["siti"], "siti": ["sity", "sitti"], "nurul": ["nurull"], "wahyuni": ["wahyunie", "wahyunii"],
    "iqbal": ["ikbal"], "ilham": ["ilhan"], "komariah": ["komariyah", "qomariah"], "sholeh": ["soleh", "saleh"],
    "holis": ["cholis", "kholis"], "faisol": ["faisal"], "nurjanah": ["nurjannah"], "annisa": ["anisa", "annisaa"],
    "khairunnisa": ["khoirunnisa", "chairunnisa"], "maimunah": ["maemunah"], "abdul": ["abdoel", "abd."],
    "ahmad": ["achmad", "akhmad", "ahmat"], "hasan": ["hassan"], "husni": ["husny"], "firmansyah": ["firmansah"],
    "saputra": ["saputera", "syahputra"], "baharuddin": ["baharudin"], "hasanuddin": ["hasanudin"],
    "syamsuddin": ["syamsudin", "samsudin"], "jamaluddin": ["jamaludin"], "nurhayati": ["nurhayaty"],
    "rahmawati": ["rachmawati"], "rahmat": ["rachmat", "rohmat"], "suparmi": ["soeparmi"],
}

MUHAMMAD = {"muhammad", "mohammad", "muhamad", "mochamad", "mohamad", "moh.", "m.", "muh.", "mhd.", "moh"}
MUHAMMAD_FORMS = P("Muhammad:5|Mohammad:3|Muhamad:3|Mochamad:2|Mohamad:2|Moh.:2|M.:3|Muh.:1|Mhd.:1")

# join/split: tokens that are often written joined to the next one
JOINERS = {"nur", "sri", "siti", "abdul", "nurul", "dwi", "tri", "eka", "muhammad", "ahmad", "sugeng", "puji",
           "dewi", "putri", "ayu", "maria", "cucu", "neng"}
ASSIMILATE = {"abdul rahman": "abdurrahman", "abdul rahim": "abdurrahim", "abdul hadi": "abdulhadi",
              "nur hasanah": "nurhasanah", "nur hayati": "nurhayati", "nurul hidayah": "nurulhidayah"}

HONORIFIC = {
    "POLRI": {"L": ["Sdr."], "P": ["Sdri."]},
    "KEMENSOS": {"L": ["Bpk.", "Sdr."], "P": ["Ibu", "Nn.", "Sdri."]},
    "UPTD_PPA": {"L": ["An.", "Sdr."], "P": ["Nn.", "Ny.", "An.", "Ibu"]},
    "LPSK": {"L": ["Sdr.", "Tn."], "P": ["Sdri.", "Ny."]},
    "BP3MI": {"L": ["Tn."], "P": ["Nn.", "Ny."]},
}
ACADEMIC = P("S.Pd.:3|S.E.:2|S.H.|S.Kom.|A.Md.:2|S.Sos.|S.Ag.|S.Kep.|S.Pd.I.")

# ---------------------------------------------------------------------------
# Phones
ID_PREFIXES = P("811|812:3|813:3|821:2|822:2|823|851|852:3|853:2|814|815|816|855|856:2|857:3|858|817|818|"
                "819:2|859|877:2|878:2|895|896:2|897|898|899|881|882|883|887|888")
ID_SUBLEN = P("6:1|7:3|8:5|9:1")  # digits after the 3-digit operator code -> 10..13 with the leading 0
FOREIGN = {  # destination: (country code, mobile number generator pattern)
    "MY": ("60", P("1:1"), (8, 9)), "KH": ("855", P("1|6|7|8|9"), (7, 8)), "MM": ("95", P("9"), (7, 9)),
    "TW": ("886", P("9"), (8, 8)), "SA": ("966", P("5"), (8, 8)), "HK": ("852", P("5|6|9"), (7, 7)),
}

DESTINATION = P("MY:30|KH:20|SA:12|MM:8|TW:8|HK:7")
DEST_MALE_SHARE = {"MY": .5, "KH": .65, "MM": .65, "SA": .15, "TW": .25, "HK": .05}

# ---------------------------------------------------------------------------
# Model constants (documented in the module docstring)

HEADER = ["record_id", "source", "full_name", "sex", "birth_date", "birth_place", "nik", "phone",
          "passport_no", "address_region"]
SOURCES = ("POLRI", "KEMENSOS", "BP3MI", "LPSK", "KBRI", "UPTD_PPA", "IMIGRASI")

# records per person (before the last person is cut to land on exactly N records)
CLUSTER_PMF = ((1, .50), (2, .27), (3, .12), (4, .06), (5, .03), (6, .02))
CLUSTER_PICK = Picker(CLUSTER_PMF)

# scenario groups: probability that a new group is of this kind
GROUP_KINDS = (("single", .885), ("namesake", .03), ("sibling", .05), ("twin", .01),
               ("father_son", .01), ("recruited", .015))
GROUP_PICK = Picker(GROUP_KINDS)

PTYPE = P("returnee:60|domestic:25|intercepted:15")
FATHER_PTYPE = P("returnee:4|intercepted:3|domestic:3")
BAL_ORDER_PICK = P("1:35|2:30|3:20|4:15")
SOURCE_WEIGHTS = {
    "returnee": {"KBRI": 3, "KEMENSOS": 2.5, "BP3MI": 2.5, "POLRI": 2, "IMIGRASI": 2, "LPSK": 1, "UPTD_PPA": .7},
    "domestic": {"POLRI": 3, "UPTD_PPA": 3, "KEMENSOS": 2.5, "LPSK": 1.5, "BP3MI": .2, "IMIGRASI": .1, "KBRI": .05},
    "intercepted": {"POLRI": 3, "BP3MI": 3, "IMIGRASI": 2.5, "KEMENSOS": 1.5, "LPSK": .5, "UPTD_PPA": .5, "KBRI": .05},
}
REPEAT_SOURCE = .07   # a further record of a person comes from an agency that already has one
AGE = {
    "returnee": P("minor:8|18:30|25:35|35:20|45:7"),
    "domestic": P("minor:35|18:35|25:20|35:10"),
    "intercepted": P("minor:12|18:40|25:30|35:18"),
}
AGE_SPAN = {"minor": (13, 17), "18": (18, 24), "25": (25, 34), "35": (35, 44), "45": (45, 55)}
REF_YEAR = 2024
REGION_PICK = Picker((r, r[5]) for r in REGIONS)
REGION_BY_CODE = {r[0]: r for r in REGIONS}
REGIONS_BY_PROVINCE = {}
for _r in REGIONS:
    REGIONS_BY_PROVINCE.setdefault(_r[0][:2], []).append(_r)
TRAD_PICK = {r[0]: Picker(r[4].items()) for r in REGIONS}
MUSLIM_TRADS = {"MUS", "JAV", "SUN", "SAS", "MAD", "BUG"}
OLD_SPELLING_TRADS = {"MUS", "JAV", "SUN", "SAS", "MAD", "BUG"}
BIN_LEGAL = {"SAS": .4, "MAD": .35, "MUS": .15, "BUG": .25, "SUN": .08, "JAV": .05}
SHELTER_REGIONS = {"MY": ("2172", "6504", "3175"), "": ("3175", "3671", "3175")}

# Per-agency data-entry profiles.  Probabilities are per record.
#   name: case styles, honorific, alias ("Als."), nickname only, bin/binti add/drop, surname as
#         initial, joined/split tokens, old/new or variant spelling, Muhammad form, dropped middle
#         token, typo (keyboard or handwriting), order swap (passport lists), passport-name basis
#   nik:  present, one-digit typo, transposition, handwriting digit confusion, dropped digit,
#         OCR letter confusion, formatting (plain, spaces, dots, Excel apostrophe, Excel
#         scientific notation), head-of-family NIK copied from the family card
#   dob:  missing, year only, day/month swapped, day typo, formats
PROFILES = {
    "POLRI": dict(  # interview report (BAP) typed by the investigating officer
        case=P("U:7|T:3"), hon=.25, alias=.05, nick=.01, bin_add=.25, bin_drop=.2, initial=.05, join=.05,
        split=.05, spell=.08, muh=.3, drop_mid=.04, drop_pre=.15, typo=.04, hand=False, swap=0, pp=0, hajj=.5,
        acad=.4,
        nik=.75, nik_typo=.035, nik_transp=.015, nik_hand=0, nik_drop=.005, nik_ocr=0, nik_parent=.004,
        nik_fmt=P("plain:85|space4:6|space6:4|dots:5"),
        sex=P("LONG:70|LONGU:10|LP:15|:5"), dob_miss=.05, dob_year=.03, dob_swap=.02, dob_daytypo=.02,
        dob_fmt=P("dmy-:70|dmy/:30"), bp_miss=.05, bp_case=P("U:6|T:4"),
        phone=.75, phone_fmt=P("local:55|dash:25|space:10|plus:10"), recruiter=.1,
        passport=0, addr_miss=.05, addr=P("dist.:70|reg.:20|dist:10"), ktp_addr=.7, shelter=0,
    ),
    "KEMENSOS": dict(  # shelter intake book, handwritten, transcribed later
        case=P("T:55|U:30|L:15"), hon=.12, alias=0, nick=.06, bin_add=.15, bin_drop=.4, initial=.08, join=.12,
        split=.12, spell=.2, muh=.4, drop_mid=.08, drop_pre=.25, typo=.07, hand=True, swap=0, pp=0, hajj=.3,
        acad=.1,
        nik=.4, nik_typo=.02, nik_transp=.02, nik_hand=.06, nik_drop=.01, nik_ocr=0, nik_parent=.03,
        nik_fmt=P("plain:80|space4:12|sci:3|apos:5"),
        sex=P("LP:85|:15"), dob_miss=.12, dob_year=.25, dob_swap=.04, dob_daytypo=.03,
        dob_fmt=P("dmy/:80|dmy-:20"), bp_miss=.25, bp_case=P("T:7|U:3"),
        phone=.5, phone_fmt=P("local:60|dash:15|space:15|plus:10"), recruiter=.1,
        passport=0, addr_miss=.1, addr=P("reg.:70|dist.:30"), ktp_addr=.2, shelter=.3,
    ),
    "BP3MI": dict(  # migrant-worker registry (SISKOP2MI) export
        case=P("U:1"), hon=.02, alias=0, nick=0, bin_add=0, bin_drop=.3, initial=.01, join=.03, split=.03,
        spell=.05, muh=.15, drop_mid=.02, drop_pre=.1, typo=.01, hand=False, swap=0, pp=.5, hajj=0, acad=0,
        nik=.95, nik_typo=.01, nik_transp=.005, nik_hand=0, nik_drop=.003, nik_ocr=0, nik_parent=0,
        nik_fmt=P("plain:70|apos:20|sci:3|space4:7"),
        sex=P("LP:60|MF:39|:1"), dob_miss=.01, dob_year=0, dob_swap=.01, dob_daytypo=.005,
        dob_fmt=P("iso:1"), bp_miss=.05, bp_case=P("U:1"),
        phone=.9, phone_fmt=P("cc:60|local:40"), recruiter=.6,
        passport=.85, addr_miss=.01, addr=P("reg:70|dist:30"), ktp_addr=1, shelter=0,
    ),
    "LPSK": dict(  # witness-protection application, typed from a KTP photocopy
        case=P("T:8|U:2"), hon=.1, alias=0, nick=0, bin_add=.1, bin_drop=.15, initial=.02, join=.04,
        split=.04, spell=.05, muh=.2, drop_mid=.02, drop_pre=.05, typo=.015, hand=False, swap=0, pp=0,
        hajj=.6, acad=.6,
        nik=.85, nik_typo=.01, nik_transp=.005, nik_hand=0, nik_drop=.003, nik_ocr=.05, nik_parent=0,
        nik_fmt=P("plain:70|dots:15|space4:10|space6:5"),
        sex=P("LONG:60|LP:40"), dob_miss=.02, dob_year=0, dob_swap=.01, dob_daytypo=.01,
        dob_fmt=P("dmy-:50|dmy/:50"), bp_miss=.02, bp_case=P("T:8|U:2"),
        phone=.8, phone_fmt=P("local:50|plus:30|dash:20"), recruiter=0,
        passport=0, addr_miss=.02, addr=P("dist.:60|dist:20|reg.:20"), ktp_addr=.8, shelter=0,
    ),
    "KBRI": dict(  # embassy citizen-protection desk: passport-scan list for a mass repatriation
        case=P("U:9|T:1"), hon=0, alias=0, nick=0, bin_add=0, bin_drop=0, initial=0, join=0, split=0,
        spell=0, muh=0, drop_mid=0, drop_pre=0, typo=.03, hand=False, swap=.3, pp=1, hajj=0, acad=0,
        nik=.12, nik_typo=.01, nik_transp=.01, nik_hand=0, nik_drop=.01, nik_ocr=.1, nik_parent=0,
        nik_fmt=P("plain:90|space4:10"),
        sex=P("MF:80|LP:10|:10"), dob_miss=.05, dob_year=0, dob_swap=.08, dob_daytypo=.01,
        dob_fmt=P("dmy/:50|iso:30|dmy-:20"), bp_miss=.3, bp_case=P("U:1"),
        phone=.7, phone_fmt=P("plus:40|cc:30|space:30"), recruiter=.15,
        passport=.9, addr_miss=.6, addr=P("reg.:1"), ktp_addr=.5, shelter=0,
    ),
    "UPTD_PPA": dict(  # women-and-children service unit case file
        case=P("T:6|U:4"), hon=.2, alias=.02, nick=.05, bin_add=.1, bin_drop=.3, initial=.04, join=.08,
        split=.08, spell=.1, muh=.3, drop_mid=.05, drop_pre=.2, typo=.04, hand=False, swap=0, pp=0, hajj=.3,
        acad=.2,
        nik=.5, nik_typo=.02, nik_transp=.01, nik_hand=.01, nik_drop=.005, nik_ocr=0, nik_parent=.05,
        nik_fmt=P("plain:90|space4:10"),
        sex=P("LP:90|:10"), dob_miss=.05, dob_year=.15, dob_swap=.03, dob_daytypo=.02,
        dob_fmt=P("dmy/:70|dmy-:30"), bp_miss=.1, bp_case=P("T:7|U:3"),
        phone=.7, phone_fmt=P("local:60|dash:20|space:20"), recruiter=0,
        passport=0, addr_miss=.05, addr=P("dist.:50|reg.:30|uptd:20"), ktp_addr=.3, shelter=0,
    ),
    "IMIGRASI": dict(  # immigration (passport system) export
        case=P("U:1"), hon=0, alias=0, nick=0, bin_add=0, bin_drop=0, initial=0, join=0, split=0, spell=0,
        muh=0, drop_mid=0, drop_pre=0, typo=.005, hand=False, swap=0, pp=1, hajj=0, acad=0,
        nik=.5, nik_typo=.005, nik_transp=.002, nik_hand=0, nik_drop=0, nik_ocr=0, nik_parent=0,
        nik_fmt=P("plain:1"),
        sex=P("LP:50|MF:50"), dob_miss=0, dob_year=0, dob_swap=.003, dob_daytypo=.002,
        dob_fmt=P("iso:80|dmy-:20"), bp_miss=.05, bp_case=P("U:1"),
        phone=.35, phone_fmt=P("cc:50|local:50"), recruiter=.3,
        passport=.98, addr_miss=.05, addr=P("kanim:40|reg:60"), ktp_addr=1, shelter=0,
    ),
}

VOWELS = "aeiou"
KEYB = {}
for _row in ("qwertyuiop", "asdfghjkl", "zxcvbnm"):
    for _i, _c in enumerate(_row):
        KEYB[_c] = (_row[_i - 1] if _i else "") + (_row[_i + 1] if _i + 1 < len(_row) else "")
HAND = {"n": "m", "m": "n", "u": "v", "a": "o", "o": "a", "e": "c", "i": "l", "l": "i", "h": "b", "r": "n",
        "y": "g", "t": "f", "s": "r"}
HAND_DIGIT = {"1": "7", "7": "1", "0": "6", "6": "0", "3": "8", "8": "3", "5": "6", "4": "9", "9": "4"}
OCR_DIGIT = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
LOWER_TOKENS = {"bin": "bin", "binti": "binti", "br.": "br.", "da": "da", "als.": "Als.", "boru": "boru"}


# ---------------------------------------------------------------------------
# small helpers

def title(tok: str) -> str:
    low = tok.lower()
    if low in LOWER_TOKENS:
        return LOWER_TOKENS[low]
    return tok[:1].upper() + tok[1:].lower()


def styled(tokens, style):
    if style == "U":
        return [t.upper() for t in tokens]
    if style == "L":
        return [t.lower() for t in tokens]
    return [title(t) for t in tokens]


def nick_from(tok: str) -> str:
    t = tok.lower().rstrip(".").replace("'", "")
    vpos = [i for i, c in enumerate(t) if c in VOWELS and (i == 0 or t[i - 1] not in VOWELS)]
    if len(vpos) >= 3:
        return t[max(vpos[-2] - 1, 0):].capitalize()
    if len(vpos) == 2:
        s = max(vpos[-1] - 1, 0)
        if t[-1] not in VOWELS:
            return t[s:].capitalize()
        syl = t[s:vpos[-1] + 1]
        return (syl + syl).capitalize()
    return t.capitalize()


def to_old(s: str, rng, p=1.0) -> str:
    """Modern (EYD) spelling -> pre-1972 (van Ophuijsen/Soewandi) spelling, each rule with prob p."""
    R = rng.random
    if "j" in s and R() < p:
        s = s.replace("j", "dj")
    if "y" in s and R() < p:
        s = s.replace("y", "j")
    if "c" in s and R() < p:
        s = s.replace("c", "tj")
    if "kh" in s and R() < p:
        s = s.replace("kh", "ch")
    if "u" in s and R() < p:
        s = s.replace("u", "oe")
    return s


def to_new(s: str, rng, p=1.0) -> str:
    R = rng.random
    if "oe" in s and R() < p:
        s = s.replace("oe", "u")
    if "tj" in s and R() < p:
        s = s.replace("tj", "c")
    if "ch" in s and R() < p:
        s = s.replace("ch", "kh")
    if "j" in s and R() < p:
        s = s.replace("dj", "\0").replace("j", "y").replace("\0", "j")
    if "dj" in s and R() < p:
        s = s.replace("dj", "j")
    return s


def typo(tok: str, rng, hand=False) -> str:
    n = len(tok)
    if n < 3:
        return tok
    i = rng.randrange(1, n)
    c = tok[i]
    lc = c.lower()
    r = rng.random()
    if hand:
        sub = HAND.get(lc)
        if sub and r < .7:
            return tok[:i] + (sub.upper() if c.isupper() else sub) + tok[i + 1:]
    if r < .4:
        nb = KEYB.get(lc)
        if not nb:
            return tok[:i] + tok[i + 1:]
        sub = nb[rng.randrange(len(nb))]
        return tok[:i] + (sub.upper() if c.isupper() else sub) + tok[i + 1:]
    if r < .6:
        return tok[:i] + tok[i + 1:]
    if r < .8:
        return tok[:i] + c + tok[i:]
    if i + 1 < n:
        return tok[:i] + tok[i + 1] + c + tok[i + 2:]
    return tok[:i - 1] + c + tok[i - 1]


def pick_age(ptype, rng):
    lo, hi = AGE_SPAN[AGE[ptype](rng)]
    return rng.randint(lo, hi)


def birth_for_age(age, rng):
    y = REF_YEAR - age - (1 if rng.random() < .5 else 0)
    return datetime.date(y, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def shift_year(d, years):
    y = d.year + years
    if d.month == 2 and d.day == 29:
        return datetime.date(y, 2, 28)
    return d.replace(year=y)


def digits(rng, n):
    return f"{int(rng.random() * 10 ** n):0{n}d}"


def rand_phone_id(rng):
    return ("62", ID_PREFIXES(rng) + digits(rng, int(ID_SUBLEN(rng))))


def rand_phone_foreign(dest, rng):
    cc, lead, (lo, hi) = FOREIGN[dest]
    n = rng.randint(lo, hi)
    return (cc, lead(rng) + digits(rng, n))


def rand_passport(rng):
    if rng.random() < .8:
        return "ABCEX"[rng.randrange(5)] + str(rng.randrange(10 ** 6, 10 ** 7))
    return ("AB", "AC", "AT", "AR")[rng.randrange(4)] + str(rng.randrange(10 ** 5, 10 ** 6))


# ---------------------------------------------------------------------------
# people

class Person:
    """One real person. Attributes default to None at class level (no per-person initialisation)."""

    FIELDS = ("pid", "gid", "kind", "ptype", "sex", "age", "birth", "doc_birth", "reg", "dist", "nik",
                 "fake_nik", "parent_nik", "trad", "pre", "given", "sur", "sur_first", "br", "pat", "pat_legal",
                 "hajj", "acad", "nick", "old", "pp_name", "phone", "phone_new", "phone_foreign", "phone_home",
                 "phone_recruiter", "passports", "dest", "bplace", "addr_reg", "addr_dist")



for _f in Person.FIELDS:
    setattr(Person, _f, None)


def parse_common(trad, full):
    """Split a common full name into (pre, given, sur, sur_first)."""
    toks = full.split()
    pre = []
    if trad == "BAL":
        pre, toks = toks[:2], toks[2:]
    elif toks[0] in ("Lalu", "Baiq", "Andi") and len(toks) > 1:
        pre, toks = toks[:1], toks[1:]
    if trad in ("BAT", "CHR", "CHI", "PAP") and len(toks) >= 2:
        return pre, toks[:-1], toks[-1], False
    return pre, toks, None, False


def make_name(p, rng, force_common=False, order=None, sur=None):
    """Fill p.pre/given/sur from p.trad and p.sex."""
    R = rng.random
    trad, sex = p.trad, p.sex
    f = sex == "P"
    if force_common or (R() < COMMON_SHARE[trad] and order is None and sur is None):
        pre, given, s, sf = parse_common(trad, COMMON[(trad, sex)](rng))
        p.pre, p.given, p.sur, p.sur_first = pre, given, (sur or s), sf
        if trad == "BAT" and f and R() < .4:
            p.br = True
        return
    pre, given, s, sf = [], [], None, False

    def two(a, b):
        x = a(rng)
        y = b(rng)
        while y == x:
            y = b(rng)
        return [x, y]

    if trad == "MUS":
        r = R()
        if r < .08:
            given = [(MUS_SINGLE_F if f else MUS_SINGLE_M)(rng)]
        else:
            given = two(MUS_F1, MUS_F2) if f else two(MUS_M1, MUS_M2)
            if R() < .15:
                t = (MUS_F2 if f else MUS_M2)(rng)
                if t not in given:
                    given.append(t)
    elif trad == "JAV":
        r = R()
        if r < .15:
            p.trad = "MUS"
            return make_name(p, rng, order=order, sur=sur)
        if r < .6:
            given = [(JAV_SF if f else JAV_SM)(rng)]
        else:
            given = two(JAV_F1, JAV_F2) if f else two(JAV_M1, JAV_M2)
    elif trad == "SUN":
        r = R()
        if r < .15:
            given = [(SUN_SF if f else SUN_M1)(rng)]
        elif r < .85:
            given = two(SUN_F1, SUN_F2) if f else two(SUN_M1, SUN_M2)
        else:
            given = two(MUS_F1, MUS_F2) if f else two(MUS_M1, MUS_M2)
    elif trad == "SAS":
        if R() < .08:
            pre = ["Baiq" if f else "Lalu"]
        if R() < .28:
            given = [(SAS_SF if f else SAS_SM)(rng)]
        else:
            given = two(SAS_F1, SAS_F2) if f else two(SAS_M1, SAS_M2)
            if given[0] in ("Baiq", "Lalu"):
                pre = [given[0]]
                given[0] = (MUS_F1 if f else MUS_M1)(rng)
    elif trad == "MAD":
        if R() < .18:
            given = [(MAD_SF if f else MAD_M2)(rng)]
        else:
            given = two(MAD_F1, MAD_F2) if f else two(MAD_M1, MAD_M2)
    elif trad == "BAL":
        o = order or BAL_ORDER_PICK(rng)
        o = int(o)
        o = (o - 1) % 4 + 1
        word = (BAL_ORDER_F if f else BAL_ORDER_M)[o](rng)
        pre = ["Ni" if f else "I", word]
        if word == "Luh" and R() < .5:
            pre.append("Putu")
        if R() < .3:
            given.append("Ayu" if f else "Gede")
        given.append((BAL_GF if f else BAL_GM)(rng))
    elif trad == "BAT":
        given = [(BAT_GF if f else BAT_GM)(rng)]
        if R() < .15:
            g2 = (BAT_GF if f else BAT_GM)(rng)
            if g2 != given[0]:
                given.append(g2)
        s = sur or BAT_MARGA(rng)
        if f and R() < .4:
            p.br = True
    elif trad == "CHR":
        given = [(CHR_GF if f else CHR_GM)(rng)]
        if R() < .2:
            given.append((CHR_MID_F if f else CHR_MID_M)(rng))
        if sur or R() < .9:
            s = sur or CHR_SUR.get(p.reg[0][:2], CHR_SUR[""])(rng)
    elif trad == "CHI":
        if p.reg[0][:2] == "61" and R() < .5:
            s = sur or HAKKA_SUR(rng)
            given = two(HAKKA_SYL, HAKKA_SYL)
            sf = True
        else:
            given = [(CHI_GF if f else CHI_GM)(rng)]
            if sur or R() < .85:
                s = sur or CHI_SUR(rng)
            else:
                given.append((CHI_GF if f else CHI_GM)(rng))
    elif trad == "BUG":
        if R() < .1:
            pre = ["Andi"]
        g = (BUG_GF if f else BUG_GM)(rng)
        given = [g]
        if (f and (g == "Sitti" or R() < .2)) or (not f and (g in ("Muhammad", "Abdul") or R() < .4)):
            g2 = (BUG_F2 if f else BUG_M2)(rng)
            if g2 != g:
                given.append(g2)
    else:  # PAP
        given = [(PAP_GF if f else PAP_GM)(rng)]
        s = sur or PAP_SUR(rng)
    p.pre, p.given, p.sur, p.sur_first = pre, given, s, sf


def father_name(trad, rng):
    if trad == "SAS":
        return FATHER_SAS(rng)
    if trad == "MAD":
        return FATHER_MAD(rng)
    if trad == "BUG":
        return FATHER_BUG(rng)
    return FATHER_MUS(rng)


class World:
    """Everything the generator remembers across people: the rng, issued NIKs, counters."""

    def __init__(self, seed):
        self.rng = FastRandom(seed)
        self.niks = set()
        self.next_pid = 0
        self.next_gid = 0

    # -- identifiers
    def nik_for(self, reg, dist, birth, sex, serial=None):
        rng = self.rng
        dd = birth.day + (40 if sex == "P" else 0)
        head = f"{reg}{dist:02d}{dd:02d}{birth.month:02d}{birth.year % 100:02d}"
        for _ in range(50):
            if serial is None or serial > 9999:
                r = rng.random()
                serial = rng.randint(1, 500) if r < .75 else rng.randint(501, 2000) if r < .95 else rng.randint(2001, 9999)
            nik = head + f"{serial:04d}"
            if int(nik) not in self.niks:
                self.niks.add(int(nik))
                return nik
            serial = None
        return None

    # -- a person of the given region/sex/age; household supplies shared facts
    def person(self, kind, gid, reg=None, trad=None, sex=None, age=None, ptype=None, dest=None, hh=None,
               birth=None):
        rng = self.rng
        R = rng.random
        p = Person()
        self.next_pid += 1
        p.pid = f"P{self.next_pid:07d}"
        p.gid, p.kind = gid, kind
        p.reg = reg or REGION_PICK(rng)
        p.trad = trad or TRAD_PICK[p.reg[0]](rng)
        p.ptype = ptype or PTYPE(rng)
        if p.ptype != "domestic":
            p.dest = dest or DESTINATION(rng)
        if sex is None:
            if p.ptype == "returnee":
                sex = "L" if R() < DEST_MALE_SHARE[p.dest] else "P"
            else:
                sex = "P" if R() < (.85 if p.ptype == "domestic" else .6) else "L"
        p.sex = sex
        if birth is not None:
            p.birth = birth
            p.age = REF_YEAR - birth.year
        else:
            p.age = age if age is not None else pick_age(p.ptype, rng)
            p.birth = birth_for_age(p.age, rng)
        p.dist = hh["dist"] if hh and "dist" in hh else rng.randint(1, p.reg[2])
        # current address: mostly where the KTP was issued
        if R() < .06:
            other = REGION_PICK(rng) if R() < .5 else p.reg
            p.addr_reg, p.addr_dist = other, rng.randint(1, other[2])
        else:
            p.addr_reg, p.addr_dist = p.reg, p.dist
        r = R()
        if r < .92:
            breg = p.reg
        else:  # born elsewhere, mostly in the same province
            same = REGIONS_BY_PROVINCE[p.reg[0][:2]] if r < .98 else REGIONS
            breg = same[int(R() * len(same))]
        p.bplace = breg[3]
        p.bplace = p.bplace[rng.randrange(len(p.bplace))]
        p.old = p.trad in OLD_SPELLING_TRADS and R() < (.3 if p.birth.year < 1975 else .04)
        # documents: age falsification of minors sent abroad
        if p.ptype != "domestic" and p.age < 18 and R() < .7:
            shift = min(5, max(1, 18 - p.age + rng.randint(0, 2)))
            p.doc_birth = shift_year(p.birth, -shift)
        elif p.ptype != "domestic" and R() < .02:
            p.doc_birth = shift_year(p.birth, rng.choice((-3, -2, -1, 1, 2)))
        hh = hh or {}
        has_nik = R() < ((.85 if p.reg[0][:2] in ("53", "91", "92") else .95) if p.age >= 17 else .85)
        if has_nik:
            p.nik = self.nik_for(p.reg[0], p.dist, p.birth, p.sex, hh.get("serial"))
            if p.doc_birth and R() < .3:
                p.fake_nik = self.nik_for(p.reg[0], p.dist, p.doc_birth, p.sex)
        p.parent_nik = hh.get("parent_nik")
        # phones
        if R() < (.9 if p.age >= 18 else .6):
            p.phone = rand_phone_id(rng)
            if R() < .3:
                p.phone_new = rand_phone_id(rng)
        if p.ptype == "returnee" and R() < .7:
            p.phone_foreign = rand_phone_foreign(p.dest, rng)
        p.phone_home = hh.get("phone_home") or (rand_phone_id(rng) if R() < .8 else None)
        p.phone_recruiter = hh.get("phone_recruiter")
        # passports
        if R() < {"returnee": .85, "intercepted": .8, "domestic": .03}[p.ptype]:
            p.passports = [rand_passport(rng)]
            if R() < .2:
                p.passports.append(rand_passport(rng))
        # titles
        if p.trad in MUSLIM_TRADS and p.age >= 40 and R() < .2:
            p.hajj = "Hj." if p.sex == "P" else "H."
        if p.age >= 23 and R() < .05:
            p.acad = ACADEMIC(rng)
        return p

    def finish_name(self, p, force_common=False, order=None, sur=None, pat=None):
        rng = self.rng
        R = rng.random
        if p.given is None:
            make_name(p, rng, force_common=force_common, order=order, sur=sur)
        if p.old:
            p.given = [t if ("oe" in t or "dj" in t.lower()) else to_old(t.lower(), rng, .7).capitalize()
                       for t in p.given]
        if p.trad in BIN_LEGAL:
            p.pat = pat or father_name(p.trad, rng)
            p.pat_legal = R() < BIN_LEGAL[p.trad]
        elif p.trad == "BAL" or R() < .3:
            p.pat = pat
        # nickname
        generic = GENERIC_NICK.get((p.trad, p.sex))
        if p.trad == "BAL" and R() < .7:
            p.nick = p.pre[1]
        elif generic and R() < .15:
            p.nick = generic[rng.randrange(len(generic))]
        else:
            core = [t for t in p.given if t.lower().rstrip(".") not in
                    ("siti", "sitti", "nur", "muhammad", "moh", "abd", "ach", "ahmad", "sri", "i", "ni", "ayu", "gede")]
            p.nick = nick_from((core or p.given)[-1])
        # name on the passport: one fixed rendering of the legal name
        if p.passports:
            toks = list(p.pre) + self.core_tokens(p, p.given)
            if p.pat and p.pat_legal and R() < (.8 if p.dest == "SA" else .5):
                toks += ["BINTI" if p.sex == "P" else "BIN", p.pat]
            elif p.pat and p.dest == "SA" and R() < .3:
                toks += ["BINTI" if p.sex == "P" else "BIN", p.pat]
            out = []
            for t in toks:
                if t.lower() in MUHAMMAD and R() < .3:
                    t = "MUHAMMAD" if R() < .5 else "MOHAMMAD"
                if p.old and R() < .3:
                    t = to_new(t.lower(), rng)
                out.extend(t.replace("'", "").replace(".", "").upper().split())
            p.pp_name = out

    @staticmethod
    def core_tokens(p, given, sur=None, br=None):
        sur = p.sur if sur is None else sur
        br = p.br if br is None else br
        if not sur:
            return list(given)
        s = sur.split()
        if br:
            s = ["br."] + s
        return s + list(given) if p.sur_first else list(given) + s

    # -- scenario groups
    def groups(self):
        rng = self.rng
        R = rng.random
        while True:
            self.next_gid += 1
            gid = f"G{self.next_gid:07d}"
            kind = GROUP_PICK(rng)
            if kind == "single":
                p = self.person("single", gid)
                self.finish_name(p)
                yield p
            elif kind == "namesake":
                reg = REGION_PICK(rng)
                trad = TRAD_PICK[reg[0]](rng)
                sex = "P" if R() < .6 else "L"
                first = None
                base_year = None
                for _ in range(rng.randint(2, 4)):
                    age = None
                    if base_year is not None and R() < .3:
                        age = REF_YEAR - base_year  # same birth year, different day
                    p = self.person("namesake", gid, reg=reg, trad=trad, sex=sex, age=age)
                    if first is None:
                        self.finish_name(p, force_common=True)
                        first = p
                        base_year = p.birth.year
                    else:
                        p.trad = first.trad
                        p.pre, p.given, p.sur, p.sur_first, p.br = (list(first.pre), list(first.given), first.sur,
                                                                   first.sur_first, first.br)
                        p.old = False
                        self.finish_name(p)
                    yield p
            elif kind in ("sibling", "twin"):
                yield from self.household(gid, kind)
            elif kind == "father_son":
                reg = REGION_PICK(rng)
                trad = TRAD_PICK[reg[0]](rng)
                son_age = rng.randint(15, 30)
                gap = rng.randint(25, 35)
                hh = {"dist": rng.randint(1, reg[2]), "phone_home": rand_phone_id(rng)}
                father = self.person("father_son", gid, reg=reg, trad=trad, sex="L", age=son_age + gap,
                                     ptype=FATHER_PTYPE(rng), hh=hh)
                self.finish_name(father)
                hh["parent_nik"] = father.nik
                son = self.person("father_son", gid, reg=reg, trad=father.trad, sex="L", age=son_age, hh=hh)
                son.trad = father.trad
                son.pre, son.given, son.sur, son.sur_first = list(father.pre), list(father.given), father.sur, False
                son.old = False
                self.finish_name(son, pat=" ".join(father.given))
                son.pat_legal = son.pat_legal and R() < .3
                son.hajj = None
                yield father
                yield son
            else:  # recruited: victims of one recruiter, who gives his own number for all of them
                reg = REGION_PICK(rng)
                dest = DESTINATION(rng)
                hh = {"phone_recruiter": rand_phone_id(rng)}
                ptype = "returnee" if R() < .75 else "intercepted"
                for _ in range(rng.randint(3, 8)):
                    p = self.person("recruited", gid, reg=reg, ptype=ptype, dest=dest, hh=hh)
                    self.finish_name(p)
                    yield p

    def household(self, gid, kind):
        rng = self.rng
        R = rng.random
        reg = REGION_PICK(rng)
        trad = TRAD_PICK[reg[0]](rng)
        hh = {"dist": rng.randint(1, reg[2]), "phone_home": rand_phone_id(rng)}
        head_birth = birth_for_age(rng.randint(45, 65), rng)
        hh["parent_nik"] = self.nik_for(reg[0], hh["dist"], head_birth, "L")
        pat = father_name(trad, rng) if trad in BIN_LEGAL else None
        n = 2 if kind == "twin" else rng.randint(2, 3)
        ptype = PTYPE(rng)
        first = None
        order = rng.randint(1, 2)
        sur = None
        for i in range(n):
            if kind == "twin" and first is not None:
                p = self.person(kind, gid, reg=reg, trad=first.trad, ptype=ptype, hh=dict(hh, serial=None),
                                birth=first.birth, sex=first.sex if R() < .6 else None)
                serial = int(first.nik[-4:]) + 1 if first.nik else None
                if p.nik and serial:
                    self.niks.discard(int(p.nik))
                    p.nik = self.nik_for(reg[0], hh["dist"], p.birth, p.sex, serial)
            else:
                age = None
                if first is not None:
                    age = max(10, first.age - rng.randint(1, 8))
                p = self.person(kind, gid, reg=reg, trad=trad if first is None else first.trad, ptype=ptype,
                                age=age, hh=hh)
            p.trad = p.trad if first is None else first.trad
            if first is not None and len(first.given) >= 2 and p.trad in MUSLIM_TRADS and p.sex == first.sex \
                    and R() < (.6 if kind == "twin" else .3):
                # siblings/twins sharing the first element of the name (Nur Aini / Nur Aisyah)
                make_name(p, rng, order=order + i, sur=sur)
                if len(p.given) >= 2:
                    p.given[0] = first.given[0]
                else:
                    p.given = [first.given[0], p.given[0]] if p.given[0] != first.given[0] else p.given
            else:
                make_name(p, rng, order=order + i, sur=sur)
            if first is None:
                sur = p.sur
            self.finish_name(p, pat=pat)
            if first is None:
                first = p
            yield p


# ---------------------------------------------------------------------------
# rendering one person as one agency's record

def fmt_region(reg_code, dist, level, dotted):
    pr, rg = reg_code[:2], reg_code[2:]
    if level == "reg":
        return f"{pr}.{rg}" if dotted else reg_code
    return f"{pr}.{rg}.{dist:02d}" if dotted else f"{reg_code}{dist:02d}"


def fmt_phone(ph, style, rng):
    cc, n = ph
    if cc == "62":
        if style == "local":
            return "0" + n
        if style == "cc":
            return "62" + n
        if style == "plus":
            return "+62" + n if rng.random() < .6 else "+62 " + n[:3] + "-" + n[3:7] + "-" + n[7:]
        if style == "dash":
            return "0" + n[:3] + "-" + n[3:7] + "-" + n[7:]
        return "0" + n[:3] + " " + n[3:7] + " " + n[7:]
    r = rng.random()
    if r < .4:
        return "+" + cc + n
    if r < .7:
        return "+" + cc + " " + n[:2] + " " + n[2:5] + " " + n[5:]
    if r < .85:
        return "00" + cc + n
    return cc + n


def render_nik(nik, pr, rng):
    R = rng.random
    s = nik
    r = R()
    t = pr["nik_typo"]
    if r < t:
        zone = R()
        i = rng.randint(12, 15) if zone < .5 else rng.randint(6, 11) if zone < .85 else rng.randint(0, 5)
        d = str((int(s[i]) + rng.randint(1, 9)) % 10)
        s = s[:i] + d + s[i + 1:]
    elif r < t + pr["nik_transp"]:
        i = rng.randint(0, 14)
        if s[i] != s[i + 1]:
            s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    elif r < t + pr["nik_transp"] + pr["nik_hand"]:
        cand = [i for i, c in enumerate(s) if c in HAND_DIGIT]
        if cand:
            i = cand[rng.randrange(len(cand))]
            s = s[:i] + HAND_DIGIT[s[i]] + s[i + 1:]
    elif r < t + pr["nik_transp"] + pr["nik_hand"] + pr["nik_drop"]:
        i = rng.randint(0, 15)
        s = s[:i] + s[i + 1:]
    if pr["nik_ocr"] and R() < pr["nik_ocr"]:
        cand = [i for i, c in enumerate(s) if c in OCR_DIGIT]
        for _ in range(rng.randint(1, 2)):
            if cand:
                i = cand[rng.randrange(len(cand))]
                s = s[:i] + OCR_DIGIT.get(s[i], s[i]) + s[i + 1:]
    f = pr["nik_fmt"](rng)
    if f == "plain" or len(s) != 16:
        return s
    if f == "space4":
        return " ".join((s[0:4], s[4:8], s[8:12], s[12:16]))
    if f == "space6":
        return " ".join((s[0:6], s[6:12], s[12:16]))
    if f == "dots":
        return ".".join((s[0:2], s[2:4], s[4:6], s[6:12], s[12:16]))
    if f == "apos":
        return "'" + s
    if f == "sci":
        if not s.isdigit():
            return s
        m = f"{int(s) / 10 ** 15:.5f}".rstrip("0").rstrip(".")
        return (m.replace(".", ",") if R() < .5 else m) + "E+15"
    return s


def render_dob(d, pr, rng, estimated_ok=True):
    R = rng.random
    if R() < pr["dob_miss"]:
        return ""
    if estimated_ok and R() < pr["dob_year"]:
        # age told at intake ("umur 17 tahun") turned into a birth year
        return str(d.year - (1 if R() < .3 else 0))
    day, month, year = d.day, d.month, d.year
    if R() < pr["dob_swap"] and day <= 12 and day != month:
        day, month = month, day
    elif R() < pr["dob_daytypo"]:
        day = min(28, max(1, day + rng.choice((-10, -1, 1, 10))))
    f = pr["dob_fmt"](rng)
    if f == "iso":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if f == "dmy/":
        return f"{day:02d}/{month:02d}/{year:04d}"
    return f"{day:02d}-{month:02d}-{year:04d}"


def render_place(p, pr, rng):
    R = rng.random
    if R() < pr["bp_miss"]:
        return ""
    s = p.bplace
    r = R()
    if r < .1 and s in PLACE_ABBREV:
        ab = PLACE_ABBREV[s]
        s = ab[rng.randrange(len(ab))]
    elif r < .15:
        name = p.reg[1]
        s = name if name.startswith("Kota") or R() < .5 else "Kab. " + name
    elif r < .18:
        s = typo(s, rng)
    return s.upper() if pr["bp_case"](rng) == "U" else s


def render_name(p, src, pr, rng):
    R = rng.random
    hon = None
    if p.pp_name and R() < pr["pp"]:
        toks = list(p.pp_name)
        if src == "KBRI" and len(" ".join(toks)) > 30:
            toks = " ".join(toks)[:30].split()  # spreadsheet column width
    elif R() < pr["nick"]:
        toks = [p.nick]
    else:
        pre = list(p.pre)
        given = list(p.given)
        if pre and R() < pr["drop_pre"]:
            pre = pre[1:] if pre[0] in ("I", "Ni") else []
        for i, t in enumerate(given):
            lt = t.lower()
            if lt in MUHAMMAD and R() < pr["muh"]:
                given[i] = MUHAMMAD_FORMS(rng)
            elif R() < pr["spell"]:
                if p.old:
                    given[i] = to_new(lt, rng, .7)
                else:
                    v = SPELL_VARIANTS.get(lt)
                    if v and R() < .7:
                        given[i] = v[rng.randrange(len(v))]
                    elif p.trad in OLD_SPELLING_TRADS:
                        given[i] = to_old(lt, rng, .5)
        if len(given) >= 2 and R() < pr["join"]:
            i = rng.randrange(len(given) - 1)
            pair = (given[i] + " " + given[i + 1]).lower()
            joined = ASSIMILATE.get(pair) or (given[i] + given[i + 1].lower())
            given[i:i + 2] = [joined]
        elif R() < pr["split"]:
            for i, t in enumerate(given):
                lt = t.lower()
                if lt in ASSIMILATE.values():
                    given[i:i + 1] = [k for k, v in ASSIMILATE.items() if v == lt][0].split()
                    break
                hit = next((j for j in JOINERS if lt.startswith(j) and len(lt) > len(j) + 3), None)
                if hit:
                    given[i:i + 1] = [t[:len(hit)], t[len(hit):]]
                    break
        if len(given) >= 3 and R() < pr["drop_mid"]:
            del given[1]
        sur, br = p.sur, p.br
        if br and R() < .4:
            br = False
        if R() < pr["initial"]:
            if sur:
                sur = sur[0] + "."
            elif len(given) >= 2:
                given[-1] = given[-1][0] + "."
        toks = pre + World.core_tokens(p, given, sur or "", br)
        if p.pat:
            show = (R() >= pr["bin_drop"]) if p.pat_legal else (R() < pr["bin_add"])
            if show:
                toks += ["binti" if p.sex == "P" else "bin"] + p.pat.split()
        if pr["alias"] and R() < pr["alias"] and p.nick and p.nick != toks[-1]:
            toks += ["Als.", p.nick]
    if R() < pr["typo"]:
        cand = [i for i, t in enumerate(toks) if len(t) >= 3 and t.lower() not in LOWER_TOKENS]
        if cand:
            i = cand[rng.randrange(len(cand))]
            toks[i] = typo(toks[i], rng, pr["hand"])
    comma = False
    if pr["swap"] and len(toks) >= 2 and R() < pr["swap"]:
        toks = toks[-1:] + toks[:-1]
        comma = R() < .4
    toks = styled(toks, pr["case"](rng))
    if comma:
        toks[0] += ","
    # titles
    if p.hajj and R() < pr["hajj"]:
        toks.insert(0, p.hajj if R() < .8 else p.hajj.rstrip("."))
    if pr["hon"] and R() < pr["hon"]:
        opts = HONORIFIC.get(src, {}).get(p.sex)
        if opts:
            if p.age < 18:
                h = "An." if src == "UPTD_PPA" else opts[-1] if p.sex == "P" else opts[0]
            else:
                opts = [o for o in opts if o != "An."]
                h = opts[rng.randrange(len(opts))]
            toks.insert(0, h)
    name = " ".join(toks)
    if p.acad and R() < pr["acad"]:
        name += (", " if R() < .7 else " ") + p.acad
    return name


SEX_FORMS = {"LP": ("L", "P"), "MF": ("M", "F"), "LONG": ("Laki-laki", "Perempuan"),
             "LONGU": ("LAKI-LAKI", "PEREMPUAN")}


def render(p, src, rng):
    pr = PROFILES[src]
    R = rng.random
    doc = src in ("KBRI", "IMIGRASI") or (src == "BP3MI" and R() < .8)
    name = render_name(p, src, pr, rng)
    sex = ""
    st = pr["sex"](rng)
    if st:
        s = p.sex if R() > .003 else ("L" if p.sex == "P" else "P")
        i = 0 if s == "L" else 1
        sex = SEX_FORMS[st][i]
    bdate = p.doc_birth if (doc and p.doc_birth) else p.birth
    dob = render_dob(bdate, pr, rng, estimated_ok=not doc)
    place = render_place(p, pr, rng)
    # NIK
    nik = ""
    nik_src = p.nik
    if doc and p.fake_nik and src in ("BP3MI", "IMIGRASI"):
        nik_src = p.fake_nik
    if R() < pr["nik_parent"] * (3 if p.age < 18 else 1):
        if p.parent_nik is None:  # no household in the data set: invent the family head's NIK
            p.parent_nik = f"{p.reg[0]}{p.dist:02d}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}" \
                           f"{(p.birth.year - rng.randint(20, 40)) % 100:02d}{rng.randint(1, 999):04d}"
        nik_src = p.parent_nik
    if nik_src and R() < pr["nik"] * (.7 if p.age < 17 else 1):
        nik = render_nik(nik_src, pr, rng)
    # phone
    phone = ""
    if R() < pr["phone"]:
        ph = None
        if p.phone_recruiter and R() < pr["recruiter"]:
            ph = p.phone_recruiter
        elif src == "KBRI":
            ph = p.phone_foreign if (p.phone_foreign and R() < .7) else p.phone
        elif src in ("KEMENSOS", "UPTD_PPA"):
            ph = p.phone_home if (p.phone_home and R() < (.6 if p.age < 18 else .35)) else (p.phone_new or p.phone)
        elif src in ("BP3MI", "IMIGRASI"):
            ph = p.phone
        else:  # after return: the newer number if there is one
            ph = p.phone_new if (p.phone_new and R() < .7) else p.phone
            if ph is None or R() < .1:
                ph = p.phone_home or ph
        if ph:
            phone = fmt_phone(ph, pr["phone_fmt"](rng), rng)
    # passport
    passport = ""
    if p.passports and R() < pr["passport"]:
        pp = p.passports
        if src == "IMIGRASI":
            v = pp[-1] if R() < .7 else pp[0]
        elif src == "KBRI":
            v = rand_passport(rng) if R() < .15 else pp[-1] if R() < .6 else pp[0]  # SPLP / replacement
        else:
            v = pp[0] if R() < .7 else pp[-1]
        r = R()
        if r < .03:
            v = v.replace("0", "O", 1).replace("1", "I", 1)
        elif r < .05:
            v = v[:1] + " " + v[1:] if v[1].isdigit() else v[:2] + " " + v[2:]
        elif r < .07:
            v = v.lower()
        passport = v
    # address region
    addr = ""
    if R() >= pr["addr_miss"]:
        use_ktp = R() < pr["ktp_addr"]
        reg, dist = (p.reg, p.dist) if use_ktp else (p.addr_reg, p.addr_dist)
        code = reg[0]
        form = pr["addr"](rng)
        if pr["shelter"] and R() < pr["shelter"]:
            opts = SHELTER_REGIONS["MY" if p.dest == "MY" else ""]
            code = opts[rng.randrange(len(opts))]
            form = "reg."
        if form == "uptd":  # the unit's office: the regency seat or the provincial unit
            if R() < .5:
                code = code[:2] + "71"
                form = "reg."
            else:
                form, dist = "dist.", 1
        elif form == "kanim":  # the immigration office that issued the passport
            code, form = code[:2] + "71", "reg"
        level = "reg" if form.startswith("reg") else "dist"
        addr = fmt_region(code, dist, level, form.endswith("."))
    return [src, name, sex, dob, place, nik, phone, passport, addr]


def choose_sources(p, k, rng):
    w = dict(SOURCE_WEIGHTS[p.ptype])
    if p.sex == "P" or p.age < 18:
        w["UPTD_PPA"] *= 2
    elif p.age >= 18:
        w["UPTD_PPA"] *= .3
    out = []
    R = rng.random
    for _ in range(k):
        total = sum(w.values())
        if (out and R() < REPEAT_SOURCE) or total <= 0:
            out.append(out[int(R() * len(out))])
            continue
        x = R() * total
        pick = None
        for s, ws in w.items():
            if ws > 0:
                pick = s
                x -= ws
                if x < 0:
                    break
        out.append(pick)
        w[pick] = 0
    return out


def generate(n_records, seed):
    """Yield (person, row) with row = [source, ...]; exactly n_records rows, in person order."""
    world = World(seed)
    rng = world.rng
    left = n_records
    for p in world.groups():
        if left <= 0:
            return
        k = min(CLUSTER_PICK(rng), left)
        for src in choose_sources(p, k, rng):
            yield p, render(p, src, rng)
        left -= k


def write(n_records, seed, out_dir, groups=False, buckets=None):
    """Write records.csv and truth.csv (and groups.csv if asked) in random record order.

    Rows are spread over temporary bucket files at random and each bucket is shuffled in memory,
    so memory is bounded by one bucket while the final order carries no trace of the clusters."""
    os.makedirs(out_dir, exist_ok=True)
    nb = buckets or max(1, n_records // 25000)
    tmp = tempfile.mkdtemp(prefix=".gen_b.", dir=out_dir)
    try:
        files = [open(os.path.join(tmp, f"b{i}.csv"), "w", newline="", encoding="utf-8") for i in range(nb)]
        writes = [f.write for f in files]
        gfile = gw = None
        if groups:
            gfile = open(os.path.join(out_dir, "groups.csv"), "w", newline="", encoding="utf-8")
            gw = csv.writer(gfile, lineterminator="\n")
            gw.writerow(["person_id", "group_id", "group_kind", "person_type"])
        gen = generate(n_records, seed)
        world_rng = FastRandom(seed ^ 0x5EED)  # order only; the data stream has its own rng
        last = None
        rnd = world_rng.random
        for p, row in gen:
            row.append(p.pid)
            writes[int(rnd() * nb)]("\t".join(row) + "\n")
            if gw and p is not last:
                gw.writerow([p.pid, p.gid, p.kind, p.ptype])
                last = p
        for f in files:
            f.close()
        if gfile:
            gfile.close()
        width = max(7, len(str(n_records)))
        rid = 0
        with open(os.path.join(out_dir, "records.csv"), "w", newline="", encoding="utf-8") as fr, \
                open(os.path.join(out_dir, "truth.csv"), "w", newline="", encoding="utf-8") as ft:
            wr = csv.writer(fr, lineterminator="\n")
            wt = csv.writer(ft, lineterminator="\n")
            wr.writerow(HEADER)
            wt.writerow(["record_id", "person_id"])
            for i in range(nb):
                path = os.path.join(tmp, f"b{i}.csv")
                with open(path, newline="", encoding="utf-8") as f:
                    rows = [line.rstrip("\n").split("\t") for line in f]
                os.remove(path)
                world_rng.shuffle(rows)
                for row in rows:
                    rid += 1
                    r_id = f"R{rid:0{width}d}"
                    wr.writerow([r_id] + row[:9])
                    wt.writerow([r_id, row[9]])
    finally:
        for name in os.listdir(tmp):
            os.remove(os.path.join(tmp, name))
        os.rmdir(tmp)
    return rid


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--groups", action="store_true",
                    help="also write groups.csv: person_id, scenario group, kind (hard-negative label), person type")
    args = ap.parse_args(argv)
    n = write(args.records, args.seed, args.out_dir, groups=args.groups)
    print(f"wrote {n} records to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
