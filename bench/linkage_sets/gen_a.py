"""Synthetic identity-resolution test set "gen_a" for Gugus record linkage.

Written independently of the project's own generator and linkage model, from
a plain description of how Indonesian agencies record the same trafficking
victims differently.  Standard library only; deterministic for a seed (no
iteration over hash-ordered sets); rows are streamed in shuffled chunks.

    python -m bench.linkage_sets.gen_a --records N --seed S --out-dir DIR

writes DIR/records.csv

    record_id,source,full_name,sex,birth_date,birth_place,nik,phone,passport_no,address_region

and DIR/truth.csv (record_id,person_id).  Everything here is invented: names
come from the common-name lists below, numbers are random.

Population
----------
Households are drawn first, then people in them:

* 80 % one person; 10 % 2-4 siblings; 4 % twins (30 % of them with a further
  sibling); 3 % father and son with the same name; 3 % mother and daughter.
  Household members share the home district, the family-card (KK) district
  code of their NIKs, a household phone (each member uses it as own phone with
  p 0.5, otherwise as family contact), and -- by tradition -- the family name
  (Batak marga, Chinese-Indonesian surname, eastern-Indonesian Christian
  surname), the patronymic (bin/binti <father>), Javanese birth-order prefixes
  (Eka/Dwi/Tri/Catur) or Balinese birth-order names (Wayan/Made/Nyoman/Ketut).
* Twins share birth date and birth place; their NIK serials are consecutive;
  35 % are of different sex (so the +40 day offset differs).  Half share the
  first name token ("Dwi Lestari" / "Dwi Wahyuni"), some get classic pairs
  (Hasan / Husein).
* Father and son: the son has the father's given names ("Ahmad bin Ahmad"
  where the father is "Ahmad bin Sulaiman"; 25 % exactly the same given names
  without patronymic; 10 % with "Jr."), birth 25-35 years apart, same address
  and household phone.
* Namesakes: 6 % of household heads copy the full name and sex of an earlier
  person of the same regency (different birth date, NIK, phone).  On top of
  that, 20 % of Javanese/Sundanese/Muslim/Sasak/Bugis people take a name from
  a short Zipf-weighted list of very common full names (Siti Aminah,
  Muhammad Rizki, Sri Wahyuni, Wati, ...), and all name parts are Zipf-drawn,
  so very common names are very common, many times within one regency.
* Recruiters: 15 % of victims abroad (5 % of the others) were recruited by
  one of a rolling pool of recruiters (a new recruiter with p 0.25, else one
  of the last 300).  The recruiter's number is given as the contact phone on
  a share of that victim's records (POLRI 0.35, KBRI 0.35, LPSK 0.3, shelters
  and PPA 0.15, BP3MI 0.1, Imigrasi 0.05), so unrelated victims share a phone.
* Ages (reference year 2025): 12 % 13-17, 55 % 18-29, 25 % 30-44, 8 % 45-60;
  55 % of victims are women.  72 % were abroad (Cambodia 24 %, Malaysia 26 %,
  Saudi Arabia 10 %, Myanmar 8 %, Taiwan 8 %, Hong Kong 6 %, UAE 5 %,
  Thailand 4 %, Laos 3 %, Singapore 3 %) -- parents in father/son and
  mother/daughter households are abroad with p 0.2.
* 92 % of people have a NIK at all; 85 % an own mobile (25 % of them also a
  newer one); people abroad have a foreign number with p 0.6; 85 % of people
  abroad (5 % of the others) hold a passport, 15 % of holders a renewed one.
* Age falsification: a person abroad with a passport who is under 22 has
  falsified documents with p 0.5 (others p 0.02).  On passport-based records
  (KBRI, Imigrasi, BP3MI/KP2MI) the birth year is 1-5 years earlier (30 %
  also a different day/month); such records carry a fake NIK that encodes
  the fake date (p 0.6) or none.

Records per person (cluster size)
---------------------------------
1: 46 %, 2: 27 %, 3: 13 %, 4: 7 %, 5: 4.5 %, 6: 2.5 % (mean 2.045 records per
person).  A person's records come from distinct agency types, drawn with
weights that depend on whether the person was abroad (embassy, immigration
and migrant-worker agency only or mostly for them) and on sex/age (the
women-and-children units see women and minors).  The last person is cut so
that exactly N records are written.

Agency types and source codes: POLRI (POLRI, BARESKRIM, POLDA-<PROV>),
SOSIAL (KEMENSOS, DINSOS-<PROV>, RPTC-KEMENSOS), P2MI (KP2MI, BP3MI-<PROV>),
LPSK, KBRI (KBRI-PNH, KBRI-KUL, KJRI-JHB, KBRI-YGN, KBRI-RUH, KJRI-JED,
KDEI-TPE, KJRI-HKG, ... by destination), PPA (UPTD-PPA-<PROV>), IMIGRASI
(IMIGRASI, IMIGRASI-SOETTA, -BATAM, -ENTIKONG, -NUNUKAN, -NGURAH-RAI).

Noise per record (see PROFILES for the per-agency numbers)
----------------------------------------------------------
Name: case upper/title/lower/as-is by agency (POLRI mostly upper, shelters
mostly title); shelter nickname (SOSIAL 0.12, PPA 0.15, LPSK 0.02);
Muhammad -> Mohammad/Muhamad/Mochamad/Mohamad/Moh./Muh./M. (0.35 per
occurrence), Ahmad -> Achmad/Akhmad (0.15), Abdul -> Abd. (0.2), Siti ->
Sitti/St. (0.1); old/new spelling (oe/u, dj/j, tj/c, j/y, ch/kh, sj/sy) 0.07,
names already in old spelling are modernised with p 0.3; two tokens run
together 0.04; compound split (Nurhayati -> Nur Hayati) 0.05; last token cut
to an initial ("HENDRA K.") 0.05; last token moved to the front on passport
records (IMIGRASI 0.25, KBRI 0.15, P2MI 0.1); bin/binti kept with p by agency
(0.3-0.7), written b./bt. 5 %; one typo (adjacent key, drop, double, swap)
0.05, two 0.01; honorific prefix (Sdr., Sdri., Nn., Ny., Bpk., Ibu, Tn., An.)
by agency 0-0.12; H./Hj. for hajjis (p 0.5 of records); academic suffix
(S.Pd., Amd., S.E., ...) for graduates (p 0.4); stray spaces 0.01.
Sex: L/P, M/F, Laki-laki/Perempuan or empty by agency; wrong sex 0.005.
Birth date: format by agency (YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY), year only
(0-0.08), missing (0.005-0.05); day/month swapped 0.03 (when the swap is a
valid, different date); a typo in the day 0.02; falsified year as above.
Birth place: 90 % a town of the home regency (else anywhere); missing
0.02-0.1; case by agency; typo 0.02; "KAB." / "Kota" prefix 0.03.
NIK: person has none 8 %; missing by agency (KBRI 0.7, Imigrasi 0.5, PPA
0.25, SOSIAL 0.2, POLRI 0.15, LPSK 0.1, P2MI 0.08); one digit changed 0.03
(serial 50 %, date part 40 %, district 10 %); adjacent digits transposed
0.015; the household's KK number written instead 0.01; spaces/dots/dashes
0.05; OCR O-for-0 / I-for-1 0.007.
Phone: missing by agency (0.2-0.6); otherwise recruiter (above), a family
number 0.08, the foreign number (KBRI 0.6, others 0.1), else own (the newer
number with p 0.4).  Written +62..., 62..., 08..., 08xx-xxxx-xxxx or
08xx xxxx xxxx with agency weights; foreign numbers +855 / +60 / +95 / ...
with or without spaces, or in the local trunk form.
Passport: only KBRI (0.85), Imigrasi (0.95), P2MI (0.8); a renewed holder's
record shows the new number with p 0.5 (Imigrasi 0.7); "A 1234567" spacing
0.04, lower case 0.02, O-for-0 0.01.
address_region: regency ("52.01") or district ("52.01.05") by agency, dotted
or undotted by agency; missing by agency; the destination shelter's region
instead (SOSIAL 0.08, PPA 0.06, LPSK 0.05); 10 % of people moved to another
district of their regency after getting their NIK.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import re
import sys
import time
from bisect import bisect

HEADER = ["record_id", "source", "full_name", "sex", "birth_date", "birth_place",
          "nik", "phone", "passport_no", "address_region"]
TRUTH_HEADER = ["record_id", "person_id"]

REF_YEAR = 2025
CHUNK = 100_000

CLUSTER_SIZES = (1, 2, 3, 4, 5, 6)
CLUSTER_WEIGHTS = (0.46, 0.27, 0.13, 0.07, 0.045, 0.025)


# --------------------------------------------------------------------------
# weighted choice helpers
# --------------------------------------------------------------------------
class W:
    """Weighted choice with precomputed cumulative weights."""
    __slots__ = ("items", "cum", "total")

    def __init__(self, items, weights=None, zipf=None):
        items = list(items)
        if weights is None:
            s = 1.0 if zipf is None else zipf
            weights = [1.0 / (i + 1) ** s for i in range(len(items))]
        cum, t = [], 0.0
        for w in weights:
            t += w
            cum.append(t)
        self.items, self.cum, self.total = items, cum, t

    def pick(self, r):
        return self.items[bisect(self.cum, r() * self.total)]


def Z(s, zipf=0.8):
    """A Zipf-weighted chooser over a whitespace/comma separated list."""
    return W([x.strip() for x in s.split(",") if x.strip()], zipf=zipf)


# --------------------------------------------------------------------------
# geography: (prov, regency, name, towns, number of districts, weight)
# --------------------------------------------------------------------------
REGIONS = [
    ("11", "71", "Banda Aceh", ["Banda Aceh"], 9, 0.6),
    ("11", "06", "Aceh Besar", ["Jantho", "Lhoknga"], 23, 0.5),
    ("12", "71", "Medan", ["Medan"], 21, 2.0),
    ("12", "07", "Deli Serdang", ["Lubuk Pakam", "Tanjung Morawa"], 22, 1.2),
    ("12", "02", "Tapanuli Utara", ["Tarutung", "Siborongborong"], 15, 0.6),
    ("12", "12", "Toba", ["Balige", "Laguboti"], 16, 0.4),
    ("12", "19", "Batu Bara", ["Lima Puluh", "Tanjung Tiram"], 12, 0.4),
    ("13", "71", "Padang", ["Padang"], 11, 0.5),
    ("14", "71", "Pekanbaru", ["Pekanbaru"], 15, 0.4),
    ("15", "71", "Jambi", ["Jambi"], 11, 0.3),
    ("16", "71", "Palembang", ["Palembang"], 18, 0.5),
    ("17", "71", "Bengkulu", ["Bengkulu"], 9, 0.2),
    ("18", "71", "Bandar Lampung", ["Bandar Lampung", "Tanjung Karang"], 20, 0.6),
    ("18", "04", "Lampung Timur", ["Sukadana", "Way Jepara"], 24, 0.6),
    ("19", "71", "Pangkal Pinang", ["Pangkal Pinang"], 7, 0.15),
    ("21", "71", "Batam", ["Batam"], 12, 0.8),
    ("21", "72", "Tanjung Pinang", ["Tanjung Pinang"], 4, 0.3),
    ("31", "71", "Jakarta Selatan", ["Jakarta"], 10, 0.6),
    ("31", "72", "Jakarta Timur", ["Jakarta"], 10, 0.7),
    ("31", "74", "Jakarta Barat", ["Jakarta"], 8, 0.6),
    ("31", "75", "Jakarta Utara", ["Jakarta", "Tanjung Priok"], 6, 0.5),
    ("32", "73", "Kota Bandung", ["Bandung"], 30, 1.0),
    ("32", "04", "Bandung", ["Soreang", "Majalaya", "Banjaran"], 31, 1.0),
    ("32", "01", "Bogor", ["Cibinong", "Bogor", "Leuwiliang"], 40, 1.2),
    ("32", "02", "Sukabumi", ["Pelabuhanratu", "Sukabumi", "Cicurug"], 47, 1.3),
    ("32", "03", "Cianjur", ["Cianjur", "Cipanas"], 32, 1.5),
    ("32", "05", "Garut", ["Garut", "Tarogong"], 42, 0.9),
    ("32", "09", "Cirebon", ["Sumber", "Cirebon", "Plered"], 40, 1.3),
    ("32", "12", "Indramayu", ["Indramayu", "Jatibarang", "Haurgeulis"], 31, 2.0),
    ("32", "15", "Karawang", ["Karawang", "Rengasdengklok"], 30, 1.3),
    ("32", "13", "Subang", ["Subang", "Pamanukan"], 30, 0.9),
    ("33", "74", "Semarang", ["Semarang"], 16, 0.6),
    ("33", "01", "Cilacap", ["Cilacap", "Majenang", "Kroya"], 24, 1.3),
    ("33", "02", "Banyumas", ["Purwokerto", "Banyumas", "Ajibarang"], 27, 0.9),
    ("33", "29", "Brebes", ["Brebes", "Bumiayu", "Ketanggungan"], 17, 1.0),
    ("33", "27", "Pemalang", ["Pemalang", "Comal"], 14, 0.6),
    ("33", "10", "Klaten", ["Klaten", "Delanggu"], 26, 0.4),
    ("33", "72", "Surakarta", ["Surakarta", "Solo"], 5, 0.3),
    ("33", "18", "Pati", ["Pati", "Juwana"], 21, 0.5),
    ("34", "71", "Yogyakarta", ["Yogyakarta"], 14, 0.3),
    ("34", "04", "Sleman", ["Sleman", "Depok"], 17, 0.3),
    ("35", "78", "Surabaya", ["Surabaya"], 31, 1.0),
    ("35", "07", "Malang", ["Kepanjen", "Malang", "Singosari"], 33, 1.6),
    ("35", "73", "Kota Malang", ["Malang"], 5, 0.4),
    ("35", "04", "Tulungagung", ["Tulungagung", "Ngunut"], 19, 1.0),
    ("35", "03", "Trenggalek", ["Trenggalek", "Panggul"], 14, 0.5),
    ("35", "02", "Ponorogo", ["Ponorogo"], 21, 1.0),
    ("35", "05", "Blitar", ["Blitar", "Wlingi", "Kanigoro"], 22, 1.1),
    ("35", "10", "Banyuwangi", ["Banyuwangi", "Genteng", "Rogojampi"], 25, 1.1),
    ("35", "09", "Jember", ["Jember", "Ambulu", "Kencong"], 31, 1.0),
    ("35", "27", "Sampang", ["Sampang"], 14, 0.6),
    ("35", "29", "Sumenep", ["Sumenep"], 27, 0.6),
    ("36", "03", "Tangerang", ["Tigaraksa", "Balaraja", "Curug"], 29, 0.8),
    ("36", "71", "Kota Tangerang", ["Tangerang"], 13, 0.5),
    ("36", "04", "Serang", ["Serang", "Ciruas"], 29, 0.7),
    ("51", "71", "Denpasar", ["Denpasar"], 4, 0.6),
    ("51", "03", "Badung", ["Mangupura", "Kuta"], 6, 0.4),
    ("51", "08", "Buleleng", ["Singaraja", "Seririt"], 9, 0.7),
    ("51", "04", "Gianyar", ["Gianyar", "Ubud"], 7, 0.4),
    ("51", "02", "Tabanan", ["Tabanan"], 10, 0.4),
    ("51", "06", "Karangasem", ["Amlapura"], 8, 0.5),
    ("52", "01", "Lombok Barat", ["Gerung", "Narmada", "Lembar"], 10, 1.8),
    ("52", "02", "Lombok Tengah", ["Praya", "Kopang", "Jonggat"], 12, 2.2),
    ("52", "03", "Lombok Timur", ["Selong", "Masbagik", "Aikmel"], 21, 2.8),
    ("52", "71", "Mataram", ["Mataram", "Ampenan", "Cakranegara"], 6, 0.8),
    ("52", "04", "Sumbawa", ["Sumbawa Besar", "Alas"], 24, 0.8),
    ("52", "06", "Bima", ["Woha", "Bima"], 18, 0.7),
    ("52", "05", "Dompu", ["Dompu"], 8, 0.5),
    ("53", "71", "Kota Kupang", ["Kupang"], 6, 1.0),
    ("53", "01", "Kupang", ["Oelamasi", "Kupang"], 24, 1.4),
    ("53", "02", "Timor Tengah Selatan", ["Soe", "Niki-Niki"], 32, 1.8),
    ("53", "03", "Timor Tengah Utara", ["Kefamenanu"], 24, 1.0),
    ("53", "04", "Belu", ["Atambua"], 12, 1.0),
    ("53", "06", "Flores Timur", ["Larantuka"], 19, 0.8),
    ("53", "07", "Sikka", ["Maumere"], 21, 0.8),
    ("53", "08", "Ende", ["Ende"], 21, 0.6),
    ("53", "13", "Malaka", ["Betun"], 12, 0.7),
    ("53", "18", "Sumba Barat Daya", ["Tambolaka", "Waitabula"], 11, 0.8),
    ("61", "71", "Pontianak", ["Pontianak"], 6, 1.0),
    ("61", "72", "Singkawang", ["Singkawang"], 5, 0.9),
    ("61", "01", "Sambas", ["Sambas", "Pemangkat"], 19, 0.9),
    ("61", "03", "Sanggau", ["Sanggau", "Entikong"], 15, 0.7),
    ("61", "06", "Ketapang", ["Ketapang"], 20, 0.3),
    ("62", "71", "Palangka Raya", ["Palangka Raya"], 5, 0.3),
    ("63", "71", "Banjarmasin", ["Banjarmasin"], 5, 0.4),
    ("64", "72", "Samarinda", ["Samarinda"], 10, 0.4),
    ("64", "71", "Balikpapan", ["Balikpapan"], 6, 0.3),
    ("65", "03", "Nunukan", ["Nunukan", "Sebatik"], 19, 0.8),
    ("65", "71", "Tarakan", ["Tarakan"], 4, 0.4),
    ("71", "71", "Manado", ["Manado"], 11, 0.6),
    ("71", "02", "Minahasa", ["Tondano", "Tomohon"], 25, 0.5),
    ("72", "71", "Palu", ["Palu"], 8, 0.3),
    ("73", "71", "Makassar", ["Makassar", "Ujung Pandang"], 15, 1.3),
    ("73", "08", "Bone", ["Watampone"], 27, 0.8),
    ("73", "13", "Wajo", ["Sengkang"], 14, 0.5),
    ("73", "15", "Pinrang", ["Pinrang"], 12, 0.6),
    ("73", "04", "Jeneponto", ["Bontosunggu"], 11, 0.5),
    ("74", "71", "Kendari", ["Kendari"], 11, 0.4),
    ("74", "04", "Buton", ["Pasarwajo", "Bau-Bau"], 7, 0.5),
    ("75", "71", "Gorontalo", ["Gorontalo"], 9, 0.3),
    ("76", "04", "Mamuju", ["Mamuju"], 11, 0.3),
    ("81", "71", "Ambon", ["Ambon"], 5, 0.5),
    ("82", "71", "Ternate", ["Ternate"], 7, 0.3),
    ("91", "71", "Jayapura", ["Jayapura"], 5, 0.4),
    ("94", "01", "Nabire", ["Nabire"], 15, 0.2),
    ("96", "71", "Sorong", ["Sorong"], 10, 0.3),
]
REGION_W = W(range(len(REGIONS)), [r[5] for r in REGIONS])
ALL_TOWNS = [t for r in REGIONS for t in r[3]]

PROV_ABBR = {
    "11": "ACEH", "12": "SUMUT", "13": "SUMBAR", "14": "RIAU", "15": "JAMBI",
    "16": "SUMSEL", "17": "BENGKULU", "18": "LAMPUNG", "19": "BABEL", "21": "KEPRI",
    "31": "DKI", "32": "JABAR", "33": "JATENG", "34": "DIY", "35": "JATIM",
    "36": "BANTEN", "51": "BALI", "52": "NTB", "53": "NTT", "61": "KALBAR",
    "62": "KALTENG", "63": "KALSEL", "64": "KALTIM", "65": "KALTARA", "71": "SULUT",
    "72": "SULTENG", "73": "SULSEL", "74": "SULTRA", "75": "GORONTALO",
    "76": "SULBAR", "81": "MALUKU", "82": "MALUT", "91": "PAPUA", "94": "PAPUATENGAH",
    "96": "PBD",
}

# regions of destination shelters / transit points (address_region noise)
SHELTER_REGIONS = W(["31.72", "31.75", "21.71", "65.03", "12.71", "52.71", "53.71",
                     "35.78", "61.71", "73.71", "21.72"],
                    [3, 1, 2, 1.5, 1, 1, 1, 1, 1, 1, 0.5])

# --------------------------------------------------------------------------
# naming traditions
# --------------------------------------------------------------------------
TRAD_BY_PROV = {}
for _p in ("11",):
    TRAD_BY_PROV[_p] = (("muslim", 1.0),)
TRAD_BY_PROV["12"] = (("batak", 0.5), ("muslim", 0.3), ("jawa", 0.1), ("tionghoa", 0.1))
for _p in ("13", "14", "15", "16", "17", "18", "19"):
    TRAD_BY_PROV[_p] = (("muslim", 0.65), ("jawa", 0.25), ("tionghoa", 0.05), ("batak", 0.05))
TRAD_BY_PROV["21"] = (("muslim", 0.4), ("jawa", 0.2), ("batak", 0.2), ("tionghoa", 0.15), ("kristen", 0.05))
for _p in ("31", "36"):
    TRAD_BY_PROV[_p] = (("jawa", 0.3), ("sunda", 0.2), ("muslim", 0.25), ("tionghoa", 0.1),
                        ("batak", 0.08), ("kristen", 0.07))
TRAD_BY_PROV["32"] = (("sunda", 0.75), ("muslim", 0.15), ("jawa", 0.1))
for _p in ("33", "34"):
    TRAD_BY_PROV[_p] = (("jawa", 0.75), ("muslim", 0.2), ("tionghoa", 0.03), ("kristen", 0.02))
TRAD_BY_PROV["35"] = (("jawa", 0.7), ("muslim", 0.27), ("tionghoa", 0.03))
TRAD_BY_PROV["51"] = (("bali", 0.85), ("muslim", 0.08), ("jawa", 0.07))
TRAD_BY_PROV["52"] = (("sasak", 0.8), ("muslim", 0.15), ("bali", 0.05))
TRAD_BY_PROV["53"] = (("kristen", 0.85), ("muslim", 0.15))
TRAD_BY_PROV["61"] = (("muslim", 0.45), ("tionghoa", 0.25), ("kristen", 0.25), ("jawa", 0.05))
for _p in ("62", "63", "64"):
    TRAD_BY_PROV[_p] = (("muslim", 0.5), ("jawa", 0.25), ("kristen", 0.15), ("bugis", 0.1))
TRAD_BY_PROV["65"] = (("bugis", 0.4), ("muslim", 0.3), ("kristen", 0.2), ("jawa", 0.1))
TRAD_BY_PROV["71"] = (("kristen", 0.8), ("muslim", 0.2))
for _p in ("72", "75", "76"):
    TRAD_BY_PROV[_p] = (("muslim", 0.6), ("bugis", 0.3), ("kristen", 0.1))
TRAD_BY_PROV["73"] = (("bugis", 0.85), ("muslim", 0.1), ("kristen", 0.05))
TRAD_BY_PROV["74"] = (("buton", 0.4), ("bugis", 0.3), ("muslim", 0.3))
for _p in ("81", "82"):
    TRAD_BY_PROV[_p] = (("kristen", 0.5), ("muslim", 0.5))
for _p in ("91", "94", "96"):
    TRAD_BY_PROV[_p] = (("kristen", 0.8), ("muslim", 0.2))
TRAD_W = {p: W([t for t, _ in v], [w for _, w in v]) for p, v in TRAD_BY_PROV.items()}
TRAD_W_SINGKAWANG = W(["tionghoa", "muslim", "kristen"], [0.55, 0.3, 0.15])

MUSLIMISH = {"muslim", "jawa", "sunda", "sasak", "bugis", "buton"}
PATRONYM_P = {"muslim": 0.35, "sasak": 0.3, "bugis": 0.2, "buton": 0.2, "sunda": 0.1, "jawa": 0.08}

JAWA_M1 = Z("Sugeng, Sutrisno, Slamet, Suparman, Sumarno, Suyanto, Bambang, Joko, Heru, Wahyudi, "
            "Supriyadi, Sukirman, Mulyono, Purwanto, Teguh, Sarno, Paimin, Tukiman, Giyanto, "
            "Sunarto, Darmaji, Kasno, Triyono, Haryanto, Waluyo, Soekarjo, Djoko")
JAWA_F1 = Z("Wati, Suparmi, Sumiati, Sulastri, Suwarni, Tumini, Sarmi, Painem, Tukinem, Rusmini, "
            "Wartini, Sukarti, Lastri, Ngatini, Sumarni, Sriyati, Warsini, Kasmi, Yatmi, Soemarni")
JAWA_MA = Z("Agus, Eko, Budi, Joko, Bambang, Adi, Hari, Wahyu, Yudi, Arif, Bayu, Rudi, Sigit, "
            "Teguh, Andi, Dimas, Fajar, Galih, Yoga, Aji, Heru, Dedi, Tjahjo")
JAWA_MB = Z("Setiawan, Prasetyo, Santoso, Susanto, Purnomo, Wibowo, Saputra, Nugroho, Kurniawan, "
            "Hidayat, Widodo, Pratama, Wicaksono, Firmansyah, Hartono, Riyadi, Utomo, Sulistyo, "
            "Hermawan, Cahyono, Wijayanto, Raharjo, Gunawan, Susilo, Prasetya, Soetrisno")
JAWA_FA = Z("Sri, Dewi, Endang, Rina, Yuni, Sari, Nur, Puji, Retno, Wulan, Ayu, Indah, Fitri, "
            "Rini, Ani, Tri, Dwi, Siti, Eni, Sumi")
JAWA_FB = Z("Wahyuni, Lestari, Rahayu, Handayani, Susanti, Wulandari, Astuti, Purwanti, Yuliani, "
            "Kurniasih, Setyowati, Mulyani, Rahmawati, Sulistyowati, Puspitasari, Utami, Haryati, "
            "Maryani, Ningsih, Suryani, Pratiwi, Hayati")

MUS_MA = Z("Muhammad, Ahmad, Abdul, Rizki, Ilham, Fauzi, Hasan, Yusuf, Ali, Umar, Ridwan, Arif, "
           "Rahmat, Syaiful, Zainal, Fikri, Irfan, Taufik, Hendra, Rudi, Fajar, Andi, Ikhsan, "
           "Khairul, Zulkifli", zipf=1.0)
MUS_MB = Z("Rizki, Fauzi, Ilham, Hidayat, Ramadhan, Hakim, Akbar, Syahputra, Firdaus, Iqbal, "
           "Maulana, Rahman, Fadillah, Alfarizi, Yusuf, Hasan, Ridho, Aziz, Rifai, Saputra, "
           "Kurniawan, Arifin, Syamsudin, Nurdin, Hidayatullah, Fauzan, Anwar, Khoirul")
MUS_ABDUL = Z("Rahman, Aziz, Hakim, Malik, Karim, Gani, Rasyid, Latif, Majid, Wahab, Kadir, Halim")
MUS_FA = Z("Siti, Nur, Nurul, Dewi, Fatimah, Aisyah, Putri, Rina, Fitri, Rahma, Dian, Yuli, Ayu, "
           "Lina, Halimah, Khadijah, Zainab, Maryam, Ratna, Anisa, Mega, Indah, Sri", zipf=1.0)
MUS_FB = Z("Aminah, Nurhaliza, Fatimah, Rahmawati, Hasanah, Khadijah, Maisarah, Aini, Aisyah, "
           "Hidayah, Fitriani, Safitri, Rahmah, Zahra, Handayani, Sholihah, Mardiyah, Jannah, "
           "Ramadhani, Wahyuni, Amelia, Azizah, Munawaroh, Rohmah, Khoirunnisa, Salsabila, Hayati")
MUS_SINGLE_M = Z("Syamsuddin, Hasanuddin, Zulkarnain, Jamaluddin, Nasrullah, Mukhlis, Sahrul, "
                 "Junaidi, Marzuki, Mansur, Zakaria")
MUS_SINGLE_F = Z("Nurhayati, Nurjanah, Rohani, Maimunah, Juwariyah, Salmah, Asiah, Rosmiati, "
                 "Nuraini, Masitah, Rukiah")
FATHERS = Z("Sulaiman, Hasan, Ahmad, Abdullah, Ismail, Yusuf, Ibrahim, Umar, Ali, Muhammad, "
            "Usman, Idris, Harun, Salim, Jafar, Kasim, Mahmud, Rasyid, Zakaria, Daud, Musa, "
            "Amir, Hamzah, Saleh, Hamid, Abdul Karim, Syamsuddin", zipf=0.7)

SUNDA_MA = Z("Asep, Ujang, Dede, Cecep, Yayan, Dadang, Ade, Iwan, Dedi, Aep, Encep, Wawan, "
             "Deden, Jajang, Agus, Nandang, Dadan, Endang, Usep, Aang, Ajat")
SUNDA_MB = Z("Saepudin, Sopian, Hidayat, Kurnia, Suryana, Sunarya, Rohman, Permana, Mulyana, "
             "Setiadi, Sumarna, Hermawan, Gunawan, Ruhiyat, Sutisna, Supriatna, Juhana, "
             "Nurjaman, Rusmana, Kusnadi")
SUNDA_FA = Z("Euis, Iis, Entin, Neng, Eneng, Imas, Cucu, Yuyun, Elis, Nenden, Dewi, Siti, Tati, "
             "Nining, Enok, Yeni, Rina, Lilis, Wiwin, Popon")
SUNDA_FB = Z("Nurhasanah, Kurniasih, Komalasari, Suryani, Rohaeti, Sumiati, Maryam, Rosita, "
             "Yulianti, Nurlela, Sopiah, Halimah, Rohimah, Mulyani, Sari, Kartika")

BALI_ORDER = (("Wayan", "Putu", "Gede"), ("Made", "Kadek", "Nengah"), ("Nyoman", "Komang"),
              ("Ketut",))
BALI_ORDER_W = (W(BALI_ORDER[0], [0.45, 0.4, 0.15]), W(BALI_ORDER[1], [0.35, 0.5, 0.15]),
                W(BALI_ORDER[2], [0.5, 0.5]), W(BALI_ORDER[3], [1.0]))
BALI_M = Z("Sudarsana, Artawan, Suardana, Wirawan, Mahendra, Suarjana, Adi Putra, Budiarta, "
           "Sukadana, Arya, Sutrisna, Darmawan, Sudiarta, Eka Saputra, Agus, Yoga, Dharma, "
           "Suparta, Astawa, Widiana")
BALI_F = Z("Sri Adnyani, Ayu Lestari, Suartini, Sukerti, Ariani, Wahyuni, Yuliani, Sudarmi, "
           "Sriani, Dewi, Puspita, Kartini, Suciati, Astiti, Wulandari, Sumerti, Widiastuti, "
           "Arsini, Kariani")

BATAK_M = Z("Rudi, Hendra, Jhonson, Parlindungan, Martua, Roni, Tigor, Sahat, Rizal, Poltak, "
            "Bonar, Togar, Daniel, Josua, Samuel, Andreas, Hotman, Binsar, Frans, Marihot")
BATAK_F = Z("Rosmawati, Sondang, Rina, Lasmaria, Tiurma, Nurhayati, Dewi, Maria, Rotua, Ruth, "
            "Debora, Sarah, Hotmaida, Lenny, Erna, Junita, Romauli, Sri")
BATAK_MARGA = Z("Simanjuntak, Siregar, Nainggolan, Hutapea, Sitompul, Pardede, Sinaga, "
                "Simatupang, Manurung, Situmorang, Lubis, Nasution, Harahap, Sembiring, Ginting, "
                "Tarigan, Hutagalung, Panjaitan, Simbolon, Sihombing, Silalahi, Purba, Damanik, "
                "Saragih, Pasaribu, Tampubolon, Hasibuan, Marpaung, Sitorus, Napitupulu, "
                "Batubara, Gultom", zipf=0.6)

BUGIS_M = Z("Muhammad, Syamsul, Hasanuddin, Syahrir, Amiruddin, Arifin, Rusdi, Jumadi, "
            "Baharuddin, Irwan, Ahmad, Sudirman, Kamaruddin, Nasrun, Haeruddin, Syarifuddin, "
            "Abdul, Rizal, Ilham")
BUGIS_MB = Z("Arif, Rahman, Idris, Amir, Said, Jafar, Rauf, Halim, Yusuf, Anwar, Jabbar, "
             "Rasyid, Hamzah, Taufik, Baso, Tenri")
BUGIS_F = Z("Sitti, Nur, Nurul, Hasnah, Hasmawati, Rosdiana, Nurhaedah, Haslinda, Sunarti, Murni, "
            "Rahmatia, Fatmawati, Nurlina, Hasna, Kasmawati, Sulfiana, Hartina")
BUGIS_FB = Z("Aminah, Hadijah, Rahmawati, Hasanah, Aisyah, Fatimah, Ramlah, Nurbaya, Hidayah, "
             "Sakinah, Jumriani")

KRISTEN_M = Z("Yohanes, Yosef, Agustinus, Fransiskus, Stefanus, Petrus, Paulus, Markus, "
              "Antonius, Yakobus, Simon, Daniel, Yeremias, Aloysius, Benediktus, Dominikus, "
              "Kornelis, Marthen, Yonas, Hendrik, Melkianus, Alfons, Mikael")
KRISTEN_F = Z("Maria, Theresia, Yuliana, Agustina, Elisabeth, Magdalena, Veronika, Florentina, "
              "Yasinta, Kristina, Margaretha, Fransiska, Anastasia, Monika, Katarina, Yohana, "
              "Ester, Priska, Sisilia, Martha, Imelda")
KRISTEN_SURNAMES = {
    "53": Z("Manek, Nenobais, Tefa, Bria, Seran, Nahak, Taek, Bere, Fernandez, Da Costa, Nuban, "
            "Tanesib, Benu, Neonbasu, Kolo, Lake, Loe, Ndun, Lay, Ratu, Koten, Kewa, Wula, Sogen",
            zipf=0.6),
    "71": Z("Wowor, Lumentut, Rondonuwu, Tumbelaka, Mandagi, Sumampouw, Pangemanan, Rumengan, "
            "Kaunang, Lengkong, Karundeng, Sondakh, Tumewu, Walangitan, Lumowa", zipf=0.6),
    "81": Z("Latuconsina, Tuasikal, Pattiasina, Leiwakabessy, Tuhumury, Matulessy, Pelupessy, "
            "Sahetapy, Wattimena, Siahaya, Pattinama, Ohorella, Lestaluhu, Rumra", zipf=0.6),
    "91": Z("Wenda, Kogoya, Rumbiak, Yikwa, Mandowen, Wanimbo, Tabuni, Wonda, Murib, Karubaba, "
            "Rumaropen, Ayomi, Kaisiepo, Sawaki, Wambrauw, Yoku, Krey", zipf=0.6),
    "61": Z("Lawing, Ajang, Anyang, Lenjau, Ding, Lasa, Bilung, Juk, Ubang, Ahang, Kueng, Lejau",
            zipf=0.6),
}
for _a, _b in (("82", "81"), ("94", "91"), ("96", "91"), ("62", "61"), ("64", "61"), ("65", "61")):
    KRISTEN_SURNAMES[_a] = KRISTEN_SURNAMES[_b]

TH_M = Z("Hendra, Budi, Hartono, Sutanto, Andi, Wilson, Kevin, Jimmy, Rudy, Edwin, Steven, "
         "Felix, Johan, Ivan, Agus, Tommy, Hengky, Ronald, Yohan")
TH_F = Z("Linda, Yenny, Lili, Sherly, Susan, Jessica, Meiliana, Lanny, Vivian, Fransiska, "
         "Melinda, Cindy, Novita, Herlina, Lisa, Shinta, Mei, Yuliana")
TH_FAM = Z("Wijaya, Gunawan, Halim, Tanuwijaya, Salim, Santoso, Kusuma, Setiawan, Tjandra, "
           "Hartanto, Susanto, Kurniawan, Sanjaya, Hadinata, Wibisono, Chandra, Gozali, Winata, "
           "Lim, Tan, Liem", zipf=0.7)
HAKKA_FAM = Z("Bong, Tjhai, Lie, Lim, Tjhin, Chang, Liu, Huang, Phang, Tan, Tjong, Lay", zipf=0.6)
HAKKA_SYL = Z("Ah, Mei, Siu, Kim, Fung, Ling, Lan, Kiong, Jin, Hui, Chun, Fa, Sin, Nyuk, Khiun, "
              "Moi, Lian, Fat, Kui", zipf=0.4)

COMMON_FULL = {
    "M": W([("Muhammad", "Rizki"), ("Agus", "Setiawan"), ("Ahmad", "Fauzi"), ("Muhammad", "Ilham"),
            ("Rizki", "Ramadhan"), ("Eko", "Prasetyo"), ("Sugeng",), ("Ahmad", "Hidayat"),
            ("Budi", "Santoso"), ("Abdul", "Rahman"), ("Muhammad", "Arif"), ("Muhammad", "Fauzan"),
            ("Slamet",), ("Dedi", "Kurniawan")],
           [10, 6, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2]),
    "F": W([("Siti", "Aminah"), ("Sri", "Wahyuni"), ("Nurhayati",), ("Wati",), ("Siti", "Nurhaliza"),
            ("Dewi", "Lestari"), ("Siti", "Fatimah"), ("Nurul", "Hidayah"), ("Sri", "Rahayu"),
            ("Siti", "Rohmah"), ("Nur", "Aini"), ("Rina", "Wati"), ("Siti", "Khodijah"),
            ("Dwi", "Lestari")],
           [10, 7, 6, 6, 5, 5, 5, 4, 4, 3, 3, 2, 2, 2]),
}
COMMON_EXTRA = {
    "sunda": {"M": [("Asep", "Saepudin"), ("Ujang",), ("Dede", "Kurnia")],
              "F": [("Euis",), ("Neng", "Siti"), ("Iis", "Nurhasanah")]},
    "bugis": {"M": [("Muh.", "Rizal"), ("Andi", "Baso")], "F": [("Sitti", "Aminah"), ("Nurul", "Hidayah")]},
}
COMMON_P = 0.20

JAVA_ORDER = ("Eka", "Dwi", "Tri", "Catur")
TWIN_PAIRS_M = (("Hasan", "Husein"), ("Rama", "Rami"), ("Fajar", "Senja"), ("Dimas", "Damar"))
TWIN_PAIRS_F = (("Fatimah", "Zahra"), ("Aini", "Aina"), ("Intan", "Permata"), ("Dewi", "Sri"))

HONORIFIC = {
    ("M", "adult"): W(["Sdr.", "Bpk.", "Tn.", "Sdr"], [5, 3, 1, 1]),
    ("F", "adult"): W(["Sdri.", "Ibu", "Ny.", "Nn.", "Sdri"], [5, 2, 2, 2, 1]),
    ("M", "minor"): W(["An.", "Sdr."], [1, 1]),
    ("F", "minor"): W(["An.", "Nn.", "Sdri."], [1, 2, 1]),
}
DEGREES = W(["S.Pd.", "Amd.", "S.E.", "S.Kom.", "A.Md.Kep.", "S.H.", "S.Sos.", "S.Pd.I"],
            [4, 3, 3, 2, 1, 1, 1, 1])
MUHAMMAD_VARIANTS = W(["Mohammad", "Muhamad", "Mochamad", "Mohamad", "Moh.", "Muh.", "M.",
                       "Mochammad", "Muhammad"], [3, 3, 2, 2, 2, 2, 3, 1, 2])
MUHAMMAD_FORMS = {"Muhammad", "Mohammad", "Muhamad", "Mochamad", "Mohamad", "Moh.", "Muh.",
                  "M.", "Mochammad"}

# --------------------------------------------------------------------------
# countries, agencies
# --------------------------------------------------------------------------
COUNTRIES = [
    # code, weight, embassy sources (weights), phone (cc, local generator)
    ("KH", 0.24, W(["KBRI-PNH"]), "855"),
    ("MY", 0.26, W(["KBRI-KUL", "KJRI-JHB", "KJRI-KCH", "KJRI-PEN", "KRI-TWU"], [5, 2, 1, 1, 1]), "60"),
    ("SA", 0.10, W(["KBRI-RUH", "KJRI-JED"], [1, 1]), "966"),
    ("MM", 0.08, W(["KBRI-YGN"]), "95"),
    ("TW", 0.08, W(["KDEI-TPE"]), "886"),
    ("HK", 0.06, W(["KJRI-HKG"]), "852"),
    ("AE", 0.05, W(["KBRI-AUH", "KJRI-DXB"]), "971"),
    ("TH", 0.04, W(["KBRI-BKK"]), "66"),
    ("LA", 0.03, W(["KBRI-VTE"]), "856"),
    ("SG", 0.03, W(["KBRI-SGP"]), "65"),
]
COUNTRY_W = W(range(len(COUNTRIES)), [c[1] for c in COUNTRIES])

AGENCIES = ("POLRI", "SOSIAL", "P2MI", "LPSK", "KBRI", "PPA", "IMIGRASI")
AG_W_ABROAD = (1.0, 1.0, 0.9, 0.35, 1.2, 0.4, 0.6)
AG_W_DOMESTIC = (1.3, 1.0, 0.15, 0.35, 0.0, 0.9, 0.05)
IMIG_SOURCES = W(["IMIGRASI", "IMIGRASI-SOETTA", "IMIGRASI-BATAM", "IMIGRASI-ENTIKONG",
                  "IMIGRASI-NUNUKAN", "IMIGRASI-NGURAH-RAI"], [2, 4, 2, 1.5, 1.5, 1])

# name case weights: upper, title, lower, as-is
# dob format weights: ymd, d/m/y, d-m-y
# sex formats: L/P, M/F, Laki-laki/Perempuan, empty
# phone formats: +62, 62, 08, 08-dash, 08 space
PROFILES = {
    "POLRI": dict(case=(0.7, 0.2, 0.05, 0.05), nik_missing=0.15, dob_missing=0.03, year_only=0.02,
                  dob_fmt=(0.1, 0.2, 0.7), sex_fmt=(0.85, 0.02, 0.1, 0.03), phone_missing=0.3,
                  phone_fmt=(0.1, 0.05, 0.6, 0.15, 0.1), passport=0.0, region_reg=0.4,
                  region_dotted=0.8, region_missing=0.03, shelter=0.0, title=0.12, nickname=0.0,
                  swap=0.0, patron=0.65, bplace_missing=0.05, fals=False, recruiter=0.35,
                  foreign=0.1),
    "SOSIAL": dict(case=(0.3, 0.6, 0.05, 0.05), nik_missing=0.2, dob_missing=0.05, year_only=0.08,
                   dob_fmt=(0.2, 0.6, 0.2), sex_fmt=(0.8, 0.02, 0.15, 0.03), phone_missing=0.35,
                   phone_fmt=(0.05, 0.02, 0.6, 0.18, 0.15), passport=0.0, region_reg=0.6,
                   region_dotted=0.6, region_missing=0.05, shelter=0.08, title=0.08, nickname=0.12,
                   swap=0.0, patron=0.4, bplace_missing=0.1, fals=False, recruiter=0.15,
                   foreign=0.1),
    "P2MI": dict(case=(0.8, 0.15, 0.0, 0.05), nik_missing=0.08, dob_missing=0.01, year_only=0.01,
                 dob_fmt=(0.6, 0.3, 0.1), sex_fmt=(0.8, 0.1, 0.08, 0.02), phone_missing=0.2,
                 phone_fmt=(0.25, 0.25, 0.4, 0.05, 0.05), passport=0.8, region_reg=0.5,
                 region_dotted=0.3, region_missing=0.03, shelter=0.0, title=0.02, nickname=0.0,
                 swap=0.1, patron=0.45, bplace_missing=0.03, fals=True, recruiter=0.1,
                 foreign=0.1),
    "LPSK": dict(case=(0.4, 0.5, 0.05, 0.05), nik_missing=0.1, dob_missing=0.02, year_only=0.02,
                 dob_fmt=(0.3, 0.5, 0.2), sex_fmt=(0.85, 0.0, 0.13, 0.02), phone_missing=0.25,
                 phone_fmt=(0.15, 0.05, 0.5, 0.2, 0.1), passport=0.0, region_reg=0.3,
                 region_dotted=0.9, region_missing=0.03, shelter=0.05, title=0.1, nickname=0.02,
                 swap=0.0, patron=0.7, bplace_missing=0.03, fals=False, recruiter=0.3,
                 foreign=0.1),
    "KBRI": dict(case=(0.85, 0.1, 0.0, 0.05), nik_missing=0.7, dob_missing=0.02, year_only=0.03,
                 dob_fmt=(0.5, 0.4, 0.1), sex_fmt=(0.3, 0.6, 0.05, 0.05), phone_missing=0.3,
                 phone_fmt=(0.5, 0.2, 0.2, 0.05, 0.05), passport=0.85, region_reg=0.8,
                 region_dotted=0.7, region_missing=0.25, shelter=0.0, title=0.03, nickname=0.0,
                 swap=0.15, patron=0.3, bplace_missing=0.08, fals=True, recruiter=0.35,
                 foreign=0.6),
    "PPA": dict(case=(0.4, 0.5, 0.05, 0.05), nik_missing=0.25, dob_missing=0.04, year_only=0.08,
                dob_fmt=(0.2, 0.5, 0.3), sex_fmt=(0.9, 0.0, 0.08, 0.02), phone_missing=0.3,
                phone_fmt=(0.05, 0.02, 0.65, 0.15, 0.13), passport=0.0, region_reg=0.5,
                region_dotted=0.7, region_missing=0.05, shelter=0.06, title=0.1, nickname=0.15,
                swap=0.0, patron=0.45, bplace_missing=0.08, fals=False, recruiter=0.15,
                foreign=0.1),
    "IMIGRASI": dict(case=(0.95, 0.0, 0.0, 0.05), nik_missing=0.5, dob_missing=0.005, year_only=0.0,
                     dob_fmt=(0.8, 0.15, 0.05), sex_fmt=(0.2, 0.75, 0.03, 0.02), phone_missing=0.6,
                     phone_fmt=(0.4, 0.3, 0.3, 0.0, 0.0), passport=0.95, region_reg=0.8,
                     region_dotted=0.5, region_missing=0.3, shelter=0.0, title=0.0, nickname=0.0,
                     swap=0.25, patron=0.3, bplace_missing=0.02, fals=True, recruiter=0.05,
                     foreign=0.1),
}
for _prof in PROFILES.values():
    _prof["case_w"] = W((0, 1, 2, 3), _prof["case"])
    _prof["dob_w"] = W((0, 1, 2), _prof["dob_fmt"])
    _prof["sex_w"] = W((0, 1, 2, 3), _prof["sex_fmt"])
    _prof["phone_w"] = W((0, 1, 2, 3, 4), _prof["phone_fmt"])

MOBILE_PREFIXES = W(["811", "812", "813", "821", "822", "823", "852", "853", "857", "877",
                     "878", "881", "882", "883", "885", "887", "888", "889", "895", "896",
                     "897", "898", "899"],
                    [2, 8, 5, 3, 4, 2, 4, 3, 4, 3, 3, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5,
                     1, 1, 1])
# total digits incl. the leading 0: 10..13  -> digits after the 4-digit prefix
MOBILE_REST = W([6, 7, 8, 9], [0.05, 0.2, 0.55, 0.2])

KH_OPS = ("10", "11", "12", "15", "16", "17", "69", "70", "77", "78", "85", "86", "89", "92",
          "93", "96", "97", "98")

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ADJ = {}
for _ri, _row in enumerate(KEYBOARD_ROWS):
    for _ci, _ch in enumerate(_row):
        n = []
        if _ci > 0:
            n.append(_row[_ci - 1])
        if _ci < len(_row) - 1:
            n.append(_row[_ci + 1])
        for _rj in (_ri - 1, _ri + 1):
            if 0 <= _rj < 3:
                other = KEYBOARD_ROWS[_rj]
                for _cj in (_ci - 1, _ci, _ci + 1):
                    if 0 <= _cj < len(other):
                        n.append(other[_cj])
        ADJ[_ch] = "".join(n)

PREFIX_TOKENS = {"I", "Ni", "Lalu", "Baiq", "Andi", "La", "Ode", "Wa", "Ida", "Bagus", "Ayu",
                 "Luh", "Gusti", "Ngurah", "Jr."}
SPLIT_PREFIXES = ("Nurul", "Nur", "Sri", "Abdul", "Abdur", "Dwi", "Tri", "Eka", "Muh", "Siti")
SYL_RE = re.compile(r"[^aeiou]*(?:ai|au|oe|oi|[aeiou])(?:[^aeiou](?![aeiou]))*")
OLD_SPELL_RE = re.compile(r"oe|dj|tj|sj", re.I)

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(y, m):
    if m == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return 29
    return DAYS_IN_MONTH[m - 1]


# --------------------------------------------------------------------------
# canonical values
# --------------------------------------------------------------------------
def nik_of(district6, y, m, d, sex, serial):
    dd = d + 40 if sex == "P" else d
    return "%s%02d%02d%02d%04d" % (district6, dd, m, y % 100, serial)


def to_old_spelling(s):
    # order matters: j->dj before y->j (which also makes sy->sj)
    s = s.replace("j", "dj").replace("J", "Dj")
    s = s.replace("y", "j").replace("Y", "J")
    s = s.replace("c", "tj").replace("C", "Tj")
    s = s.replace("kh", "ch").replace("Kh", "Ch")
    s = s.replace("u", "oe").replace("U", "Oe")
    return s


def to_new_spelling(s):
    s = s.replace("oe", "u").replace("Oe", "U")
    s = s.replace("tj", "c").replace("Tj", "C")
    # old j (not part of dj) is new y
    s = re.sub(r"(?<![dD])j", "y", s)
    s = re.sub(r"(?<![dD])J", "Y", s)
    s = s.replace("dj", "j").replace("Dj", "J")
    return s


def one_old_rule(s, r):
    """Apply only one old-spelling rule (records are often only partly old)."""
    rules = []
    if "u" in s:
        rules.append(("u", "oe"))
    if "j" in s.lower():
        rules.append(("j", "dj"))
    if "c" in s.lower():
        rules.append(("c", "tj"))
    if "y" in s.lower() and "sy" not in s.lower():
        rules.append(("y", "j"))
    if "kh" in s.lower():
        rules.append(("kh", "ch"))
    if "sy" in s.lower():
        rules.append(("sy", "sj"))
    if not rules:
        return s
    a, b = rules[int(r() * len(rules))]
    s = s.replace(a, b)
    return s.replace(a.capitalize(), b.capitalize())


def syllables(tok):
    return SYL_RE.findall(tok.lower())


def nickname(p, r):
    trad = p["trad"]
    toks = [t for t in p["tokens"] if t not in MUHAMMAD_FORMS and t not in PREFIX_TOKENS]
    if trad == "bali" and p.get("bali_order") and r() < 0.6:
        return p["bali_order"]
    if trad == "batak" and r() < 0.3:
        return "Butet" if p["sex"] == "P" else "Ucok"
    if trad == "sunda" and r() < 0.2:
        return "Neng" if p["sex"] == "P" else "Ujang"
    if not toks:
        toks = p["tokens"][-1:]
    tok = toks[int(r() * len(toks))]
    x = r()
    syl = syllables(tok)
    if x < 0.45 and len(syl) >= 3:
        return "".join(syl[-2:]).capitalize()
    if x < 0.7 and len(syl) >= 2:
        last = syl[-1]
        core = re.match(r"[^aeiou]*[aeiou]", last)
        if core:
            c = core.group(0)
            return (c + c).capitalize()
    return tok


def typo(s, r):
    n = len(s)
    if n < 3:
        return s
    for _ in range(4):
        i = int(r() * n)
        c = s[i]
        if c.isalpha():
            break
    else:
        return s
    x = r()
    if x < 0.4:
        lo = c.lower()
        nb = ADJ.get(lo)
        if not nb:
            return s
        nc = nb[int(r() * len(nb))]
        if c.isupper():
            nc = nc.upper()
        return s[:i] + nc + s[i + 1:]
    if x < 0.65:
        return s[:i] + s[i + 1:]
    if x < 0.85:
        return s[:i] + c + s[i:]
    if i + 1 < n and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + c + s[i + 2:]
    return s[:i] + s[i + 1:]


# --------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------
class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.next_pid = 0
        self.used_nik = set()
        self.used_phone = set()
        self.used_pass = set()
        self.recruiters = []
        self.namesakes = {}      # regency index -> list of (tokens, patronym, sex, trad)
        self.stats = {"persons": 0, "households": 0, "twins": 0, "father_son": 0,
                      "siblings": 0, "namesake_copies": 0, "recruited": 0, "recruiters": 0,
                      "falsified": 0, "renewed_passport": 0}

    # ---------------- numbers ----------------
    def mobile(self):
        r = self.r
        while True:
            rest = MOBILE_REST.pick(r)
            num = MOBILE_PREFIXES.pick(r) + "%0*d" % (rest, int(r() * 10 ** rest))
            if num not in self.used_phone:
                self.used_phone.add(num)
                return ("62", num)

    def foreign(self, cc):
        r = self.r

        def digs(k):
            return "%0*d" % (k, int(r() * 10 ** k))
        if cc == "855":
            loc = KH_OPS[int(r() * len(KH_OPS))] + digs(6 if r() < 0.7 else 7)
        elif cc == "60":
            loc = "1" + "0123467896"[int(r() * 10)] + digs(7 if r() < 0.7 else 8)
        elif cc == "95":
            loc = "9" + digs(7 + int(r() * 3))
        elif cc in ("966", "971"):
            loc = "5" + digs(8)
        elif cc == "886":
            loc = "9" + digs(8)
        elif cc == "852":
            loc = "569"[int(r() * 3)] + digs(7)
        elif cc == "66":
            loc = "689"[int(r() * 3)] + digs(8)
        elif cc == "856":
            loc = "20" + digs(8)
        else:
            loc = "89"[int(r() * 2)] + digs(7)
        return (cc, loc)

    def new_nik(self, district6, y, m, d, sex, serial=None):
        r = self.r
        if serial is None:
            serial = 1 + int(r() * 9999) if r() < 0.2 else 1 + int(self.rng.expovariate(1 / 8.0))
        serial = max(1, min(serial, 9999))
        while True:
            n = nik_of(district6, y, m, d, sex, serial)
            if n not in self.used_nik:
                self.used_nik.add(n)
                return n
            serial = serial % 9999 + 1

    def passport(self):
        r = self.r
        while True:
            if r() < 0.75:
                pn = "ABCEX"[bisect((0.15, 0.4, 0.65, 0.85), r())] + "%07d" % int(r() * 10_000_000)
            else:
                pn = "ABC"[int(r() * 3)] + "ABCDEFGHJKLMNPRSTW"[int(r() * 18)] + "%06d" % int(r() * 1_000_000)
            if pn not in self.used_pass:
                self.used_pass.add(pn)
                return pn

    def birth(self, age_lo, age_hi):
        r = self.r
        y = REF_YEAR - age_lo - int(r() * (age_hi - age_lo + 1))
        m = 1 + int(r() * 12)
        d = 1 + int(r() * days_in(y, m))
        return (y, m, d)

    def victim_age(self):
        x = self.r()
        if x < 0.12:
            return self.birth(13, 17)
        if x < 0.67:
            return self.birth(18, 29)
        if x < 0.92:
            return self.birth(30, 44)
        return self.birth(45, 60)

    # ---------------- names ----------------
    def compose_name(self, trad, sex, ctx):
        """Return (tokens, patronym or None, extra)."""
        r = self.r
        prov = ctx["prov"]
        extra = {}
        toks = None
        if trad in MUSLIMISH and ctx.get("allow_common", True) and r() < COMMON_P:
            ex = COMMON_EXTRA.get(trad)
            if ex and r() < 0.35:
                lst = ex["M" if sex == "L" else "F"]
                toks = list(lst[int(r() * len(lst))])
            else:
                toks = list(COMMON_FULL["M" if sex == "L" else "F"].pick(r))
        if trad == "jawa" and toks is None:
            order = ctx.get("java_order")
            if sex == "L":
                if order:
                    toks = [order, JAWA_MB.pick(r)]
                elif r() < 0.4:
                    toks = [JAWA_M1.pick(r)]
                else:
                    toks = [JAWA_MA.pick(r), JAWA_MB.pick(r)]
            else:
                if order:
                    toks = [order, JAWA_FB.pick(r)]
                elif r() < 0.4:
                    toks = [JAWA_F1.pick(r)]
                else:
                    toks = [JAWA_FA.pick(r), JAWA_FB.pick(r)]
        elif trad in ("muslim", "sasak", "buton") and toks is None:
            if sex == "L":
                x = r()
                if x < 0.12:
                    toks = [MUS_SINGLE_M.pick(r)]
                else:
                    a = MUS_MA.pick(r)
                    b = MUS_ABDUL.pick(r) if a == "Abdul" else MUS_MB.pick(r)
                    toks = [a, b] if a != b else [a, MUS_MB.pick(r)]
                    if a == "Muhammad" and r() < 0.2:
                        toks.append(MUS_MB.pick(r))
            else:
                if r() < 0.12:
                    toks = [MUS_SINGLE_F.pick(r)]
                else:
                    a = MUS_FA.pick(r)
                    b = MUS_FB.pick(r)
                    toks = [a, b] if a != b else [a, MUS_FB.pick(r)]
        elif trad == "sunda" and toks is None:
            if sex == "L":
                toks = [SUNDA_MA.pick(r)] + ([SUNDA_MB.pick(r)] if r() < 0.7 else [])
            else:
                toks = [SUNDA_FA.pick(r)] + ([SUNDA_FB.pick(r)] if r() < 0.7 else [])
        elif trad == "bugis" and toks is None:
            if sex == "L":
                a = BUGIS_M.pick(r)
                toks = [a, BUGIS_MB.pick(r)] if r() < 0.7 else [a]
            else:
                a = BUGIS_F.pick(r)
                toks = [a, BUGIS_FB.pick(r)] if a in ("Sitti", "Nur", "Nurul") or r() < 0.3 else [a]
        elif trad == "bali":
            order_i = ctx.get("bali_order_i")
            if order_i is None:
                order_i = bisect((0.3, 0.6, 0.82), r())
            on = BALI_ORDER_W[order_i % 4].pick(r)
            extra["bali_order"] = on
            caste = ctx.get("bali_caste")
            given = (BALI_M if sex == "L" else BALI_F).pick(r).split()
            if caste == "ida":
                toks = (["Ida", "Bagus"] if sex == "L" else ["Ida", "Ayu"]) + given
            elif caste == "gusti":
                toks = (["I", "Gusti", "Ngurah"] if sex == "L" else ["I", "Gusti", "Ayu"]) + given
            else:
                if sex == "L":
                    toks = ["I", on] + given
                else:
                    toks = ["Ni", on] + given if r() < 0.7 else ["Ni", "Luh", on] + given
        elif trad == "batak":
            marga = ctx.get("surname") or BATAK_MARGA.pick(r)
            ctx["surname"] = marga
            g = (BATAK_M if sex == "L" else BATAK_F).pick(r)
            toks = [g, marga]
            if r() < 0.2:
                toks.insert(1, (BATAK_M if sex == "L" else BATAK_F).pick(r))
                if toks[1] == toks[0]:
                    del toks[1]
        elif trad == "kristen":
            g = (KRISTEN_M if sex == "L" else KRISTEN_F).pick(r)
            toks = [g]
            if r() < 0.35:
                g2 = (KRISTEN_M if sex == "L" else KRISTEN_F).pick(r)
                if g2 != g:
                    toks.append(g2)
            sur = KRISTEN_SURNAMES.get(prov)
            if sur is not None:
                s = ctx.get("surname") or sur.pick(r)
                ctx["surname"] = s
                toks.extend(s.split())
            else:
                toks.append((JAWA_MB if sex == "L" else JAWA_FB).pick(r))
        elif trad == "tionghoa":
            if ctx.get("hakka") or (prov == "61" and r() < 0.35 and ctx.get("hakka") is None):
                ctx["hakka"] = True
                fam = ctx.get("surname") or HAKKA_FAM.pick(r)
                ctx["surname"] = fam
                toks = [fam, HAKKA_SYL.pick(r), HAKKA_SYL.pick(r)]
            else:
                ctx["hakka"] = False
                fam = ctx.get("surname") or TH_FAM.pick(r)
                ctx["surname"] = fam
                toks = [(TH_M if sex == "L" else TH_F).pick(r), fam]
        if toks is None:      # common-name path taken by a tradition handled above
            toks = ["Wati"] if sex == "P" else ["Sugeng"]
        # prefixes
        if trad == "sasak" and r() < 0.1:
            toks.insert(0, "Lalu" if sex == "L" else "Baiq")
        elif trad == "bugis" and r() < 0.15 and toks[0] != "Andi":
            toks.insert(0, "Andi")
        elif trad == "buton" and r() < 0.2:
            toks[0:0] = ["La", "Ode"] if sex == "L" else ["Wa", "Ode"]
        # canonical compound (Nur Hayati -> Nurhayati)
        if len(toks) == 2 and toks[0] in ("Nur", "Sri", "Abdul") and r() < 0.35:
            toks = [toks[0] + toks[1].lower()]
        patronym = None
        if trad in PATRONYM_P:
            patronym = ctx.get("patronym")
            if patronym is None and ctx.get("patronym_ok", True) and r() < PATRONYM_P[trad]:
                patronym = FATHERS.pick(r)
        return toks, patronym, extra

    # ---------------- persons ----------------
    def new_person(self, hh, sex, dob, tokens, patronym, extra, abroad_p=0.72):
        r = self.r
        pid = self.next_pid
        self.next_pid += 1
        self.stats["persons"] += 1
        reg = hh["region"]
        prov, regc = reg[0], reg[1]
        p = {"pid": "P%07d" % pid, "sex": sex, "dob": dob, "tokens": tokens,
             "patronym": patronym, "trad": hh["trad"], "hh": hh}
        p.update(extra)
        p["district"] = hh["district"]
        # birthplace
        p["bplace"] = hh.get("bplace") if hh.get("bplace") else (
            reg[3][int(r() * len(reg[3]))] if r() < 0.9 else ALL_TOWNS[int(r() * len(ALL_TOWNS))])
        # moved inside the regency after the NIK was issued
        if r() < 0.1:
            p["addr_district"] = "%02d" % (1 + int(r() * reg[4]))
        else:
            p["addr_district"] = hh["district"]
        y, m, d = dob
        district6 = prov + regc + hh["district"]
        p["district6"] = district6
        twin_serial = hh.pop("twin_serial", None)
        if r() < 0.92:
            p["nik"] = self.new_nik(district6, y, m, d, sex, twin_serial)
            p["serial"] = int(p["nik"][-4:])
        else:
            p["nik"] = None
        # abroad / destination
        abroad = r() < abroad_p
        p["abroad"] = abroad
        if abroad:
            c = COUNTRIES[COUNTRY_W.pick(r)]
            p["country"] = c
        else:
            p["country"] = None
        # phones
        hphone = hh.get("phone")
        p["phones"] = []
        if hphone is not None and r() < 0.5:
            p["phones"].append(hphone)
        elif r() < 0.85:
            p["phones"].append(self.mobile())
        if p["phones"] and r() < 0.25:
            p["phones"].append(self.mobile())
        p["family_phone"] = hphone if hphone is not None and hphone not in p["phones"] else (
            self.mobile() if r() < 0.5 else None)
        p["foreign_phone"] = self.foreign(p["country"][3]) if abroad and r() < 0.6 else None
        # recruiter
        p["recruiter"] = None
        if r() < (0.15 if abroad else 0.05):
            self.stats["recruited"] += 1
            if not self.recruiters or r() < 0.25:
                ph = self.foreign("855") if (abroad and p["country"][0] == "KH" and r() < 0.5) else self.mobile()
                self.recruiters.append(ph)
                self.stats["recruiters"] += 1
                if len(self.recruiters) > 300:
                    self.recruiters.pop(0)
                p["recruiter"] = ph
            else:
                p["recruiter"] = self.recruiters[int(r() * len(self.recruiters))]
        # passport
        p["passports"] = []
        if r() < (0.85 if abroad else 0.05):
            p["passports"].append(self.passport())
            if r() < 0.15:
                p["passports"].append(self.passport())
                self.stats["renewed_passport"] += 1
        # age falsification
        age = REF_YEAR - y
        p["age"] = age
        p["fake_dob"] = None
        p["fake_nik"] = None
        if abroad and p["passports"] and r() < (0.5 if age < 22 else 0.02):
            self.stats["falsified"] += 1
            shift = (1, 2, 3, 4, 5)[bisect((0.15, 0.4, 0.7, 0.9), r())]
            fy = y - shift
            if r() < 0.3:
                fm = 1 + int(r() * 12)
                fd = 1 + int(r() * days_in(fy, fm))
            else:
                fm, fd = m, min(d, days_in(fy, m))
            p["fake_dob"] = (fy, fm, fd)
            if r() < 0.6:
                p["fake_nik"] = self.new_nik(district6, fy, fm, fd, sex)
        # titles
        p["hajj"] = p["trad"] in MUSLIMISH and age > 35 and r() < 0.15
        p["degree"] = DEGREES.pick(r) if age > 23 and r() < 0.04 else None
        return p

    def new_household(self):
        r = self.r
        self.stats["households"] += 1
        ri = REGION_W.pick(r)
        reg = REGIONS[ri]
        prov = reg[0]
        trad = (TRAD_W_SINGKAWANG if reg[2] == "Singkawang" else TRAD_W[prov]).pick(r)
        district = "%02d" % (1 + int(reg[4] * r() ** 1.5))
        hh = {"region": reg, "ri": ri, "trad": trad, "district": district}
        ctx = {"prov": prov}
        if trad == "bali":
            x = r()
            ctx["bali_caste"] = "ida" if x < 0.04 else ("gusti" if x < 0.1 else None)
        x = r()
        people = []
        if x < 0.80:
            sex = "P" if r() < 0.55 else "L"
            ns = self.namesakes.get(ri)
            if ns and r() < 0.06:
                toks, patr, nsex, ntrad = ns[int(r() * len(ns))]
                self.stats["namesake_copies"] += 1
                hh["trad"] = ntrad
                people.append(self.new_person(hh, nsex, self.victim_age(), list(toks), patr, {}))
            else:
                toks, patr, extra = self.compose_name(trad, sex, ctx)
                people.append(self.new_person(hh, sex, self.victim_age(), toks, patr, extra))
        elif x < 0.94:
            twins = x >= 0.90
            hh["phone"] = self.mobile()
            if trad in PATRONYM_P and r() < 0.5:
                ctx["patronym"] = FATHERS.pick(r)
            else:
                ctx["patronym_ok"] = False
            ctx["allow_common"] = False
            java = trad == "jawa" and r() < 0.3
            n = 2 if twins else 2 + int(r() ** 2 * 3)
            if twins and r() < 0.3:
                n = 3
            base = self.victim_age()
            base = (min(base[0], REF_YEAR - 16),) + base[1:]
            names_seen = set()
            prev = None
            dob = base
            for i in range(n):
                if twins and i == 1:
                    sex = prev["sex"] if r() < 0.65 else ("L" if prev["sex"] == "P" else "P")
                    dob = prev["dob"]
                    if prev["nik"]:
                        hh["twin_serial"] = prev["serial"] + 1
                    hh["bplace"] = prev["bplace"]
                    self.stats["twins"] += 1
                else:
                    sex = "P" if r() < 0.55 else "L"
                    if i > 0:
                        yy = dob[0] + 1 + int(r() * 6)
                        yy = min(yy, REF_YEAR - 13)
                        dob = self.birth(REF_YEAR - yy, REF_YEAR - yy)
                    hh.pop("bplace", None)
                ctx["java_order"] = JAVA_ORDER[i] if java and i < 4 else None
                ctx["bali_order_i"] = i
                for _try in range(5):
                    toks, patr, extra = self.compose_name(trad, sex, ctx)
                    if twins and i == 1 and r() < 0.5 and len(prev["tokens"]) >= 2 and \
                            trad not in ("bali", "batak", "tionghoa", "kristen"):
                        toks = [prev["tokens"][0], toks[-1]] if toks[-1] != prev["tokens"][0] else toks
                    elif twins and i == 1 and sex == prev["sex"] and trad in MUSLIMISH and r() < 0.2:
                        pair = TWIN_PAIRS_M if sex == "L" else TWIN_PAIRS_F
                        a, b = pair[int(r() * len(pair))]
                        prev["tokens"][:] = [a] + prev["tokens"][1:] if len(prev["tokens"]) > 1 else [a]
                        toks = [b] + prev["tokens"][1:]
                    key = " ".join(toks)
                    if key not in names_seen:
                        break
                names_seen.add(key)
                p = self.new_person(hh, sex, dob, toks, patr, extra)
                people.append(p)
                prev = p
            hh.pop("bplace", None)
            self.stats["siblings"] += n
        elif x < 0.97:
            # father and son with the same name
            hh["phone"] = self.mobile()
            self.stats["father_son"] += 1
            ctx["allow_common"] = r() < 0.5
            ctx["patronym_ok"] = False
            toks, _, extra = self.compose_name(trad if trad != "bali" else "jawa", "L", ctx)
            fdob = self.birth(45, 62)
            fpatr = FATHERS.pick(r) if trad in MUSLIMISH else None
            father = self.new_person(hh, "L", fdob, list(toks), fpatr, {}, abroad_p=0.2)
            sy = fdob[0] + 25 + int(r() * 11)
            sdob = self.birth(REF_YEAR - sy, REF_YEAR - sy)
            y = r()
            if fpatr and y < 0.65:
                own = [t for t in toks if t not in PREFIX_TOKENS and t not in MUHAMMAD_FORMS] or toks
                stoks, spatr = list(toks), own[0]      # Ahmad bin Ahmad
            elif y < 0.9:
                stoks, spatr = list(toks), None         # exactly the same given names
            else:
                stoks, spatr = list(toks) + ["Jr."], None
            son = self.new_person(hh, "L", sdob, stoks, spatr, {})
            people += [father, son]
        else:
            # mother and daughter
            hh["phone"] = self.mobile()
            ctx["allow_common"] = True
            toks, patr, extra = self.compose_name(trad, "P", ctx)
            mdob = self.birth(38, 58)
            mother = self.new_person(hh, "P", mdob, toks, patr, extra, abroad_p=0.2)
            dy = mdob[0] + 18 + int(r() * 15)
            dy = min(dy, REF_YEAR - 13)
            ctx["patronym"] = None
            ctx["patronym_ok"] = True
            ctx["surname"] = None
            ctx["hakka"] = None
            ctx["bali_order_i"] = None
            toks2, patr2, extra2 = self.compose_name(trad, "P", ctx)
            daughter = self.new_person(hh, "P", self.birth(REF_YEAR - dy, REF_YEAR - dy), toks2,
                                       patr2, extra2)
            people += [mother, daughter]
        # remember names for namesake injection
        lst = self.namesakes.setdefault(ri, [])
        for p in people:
            entry = (tuple(p["tokens"]), p["patronym"], p["sex"], p["trad"])
            if len(lst) < 60:
                lst.append(entry)
            else:
                lst[int(r() * 60)] = entry
        return people

    # ---------------- agencies ----------------
    def agencies_for(self, p, k):
        r = self.r
        base = AG_W_ABROAD if p["abroad"] else AG_W_DOMESTIC
        w = list(base)
        if p["sex"] == "P" or p["age"] < 18:
            w[5] *= 1.5
        else:
            w[5] *= 0.4
        chosen = []
        for _ in range(k):
            t = sum(w)
            if t <= 0:
                break
            x = r() * t
            acc = 0.0
            for i, wi in enumerate(w):
                acc += wi
                if x < acc and wi > 0:
                    break
            if w[i] <= 0:
                i = max(range(len(w)), key=w.__getitem__)
            chosen.append(i)
            w[i] = 0.0
        return [AGENCIES[i] for i in chosen]

    def source_code(self, ag, p):
        r = self.r
        prov = p["hh"]["region"][0]
        if ag == "POLRI":
            x = r()
            return "POLRI" if x < 0.3 else ("BARESKRIM" if x < 0.5 else "POLDA-" + PROV_ABBR[prov])
        if ag == "SOSIAL":
            x = r()
            return "KEMENSOS" if x < 0.35 else ("RPTC-KEMENSOS" if x < 0.5 else "DINSOS-" + PROV_ABBR[prov])
        if ag == "P2MI":
            return "KP2MI" if r() < 0.35 else "BP3MI-" + PROV_ABBR[prov]
        if ag == "LPSK":
            return "LPSK"
        if ag == "KBRI":
            c = p["country"]
            return c[2].pick(r) if c else "KBRI-KUL"
        if ag == "PPA":
            return "UPTD-PPA-" + PROV_ABBR[prov]
        return IMIG_SOURCES.pick(r)

    # ---------------- rendering with noise ----------------
    def render_name(self, p, prof, r):
        toks = list(p["tokens"])
        patr = p["patronym"]
        if prof["nickname"] and r() < prof["nickname"]:
            toks = [nickname(p, r)]
            patr = None
        else:
            for i, t in enumerate(toks):
                if t in MUHAMMAD_FORMS:
                    if r() < 0.35:
                        toks[i] = MUHAMMAD_VARIANTS.pick(r)
                elif t == "Ahmad":
                    if r() < 0.15:
                        toks[i] = "Achmad" if r() < 0.6 else "Akhmad"
                elif t == "Abdul":
                    if r() < 0.2:
                        toks[i] = "Abd."
                elif t == "Siti" or t == "Sitti":
                    if r() < 0.1:
                        toks[i] = "St." if r() < 0.5 else ("Sitti" if t == "Siti" else "Siti")
            if r() < 0.07:
                if r() < 0.5:
                    toks = [to_old_spelling(t) for t in toks]
                else:
                    toks = [one_old_rule(t, r) for t in toks]
            elif r() < 0.3 and any(OLD_SPELL_RE.search(t) for t in toks):
                toks = [to_new_spelling(t) for t in toks]
            x = r()
            if x < 0.04 and len(toks) >= 2:
                i = int(r() * (len(toks) - 1))
                if not toks[i].endswith(".") and not toks[i + 1].endswith("."):
                    toks[i:i + 2] = [toks[i] + toks[i + 1].lower()]
            elif x < 0.09:
                for i, t in enumerate(toks):
                    for pre in SPLIT_PREFIXES:
                        if t.startswith(pre) and len(t) > len(pre) + 2:
                            toks[i:i + 1] = [pre, t[len(pre):].capitalize()]
                            break
                    else:
                        continue
                    break
            if len(toks) >= 2 and r() < 0.05 and len(toks[-1]) > 2 and not toks[-1].endswith("."):
                toks[-1] = toks[-1][0] + "."
            if prof["swap"] and len(toks) >= 2 and r() < prof["swap"]:
                toks = [toks[-1]] + toks[:-1]
        name = " ".join(toks)
        if patr and r() < prof["patron"]:
            word = ("bin" if p["sex"] == "L" else "binti")
            if r() < 0.05:
                word = "b." if p["sex"] == "L" else "bt."
            name = name + " " + word + " " + patr
        x = r()
        if x < 0.05:
            name = typo(name, r)
        elif x < 0.06:
            name = typo(typo(name, r), r)
        if p["degree"] and r() < 0.4:
            name = name + ", " + p["degree"] if r() < 0.6 else name + " " + p["degree"]
        if p["hajj"] and r() < 0.5:
            name = ("H. " if p["sex"] == "L" else "Hj. ") + name
        elif prof["title"] and r() < prof["title"]:
            name = HONORIFIC[("F" if p["sex"] == "P" else "M",
                              "minor" if p["age"] < 18 else "adult")].pick(r) + " " + name
        c = prof["case_w"].pick(r)
        if c == 0:
            name = name.upper()
        elif c == 1:
            name = name.title()
        elif c == 2:
            name = name.lower()
        if r() < 0.01:
            name = name.replace(" ", "  ", 1) if r() < 0.5 else " " + name + " "
        return name

    def render_date(self, dob, prof, r):
        if r() < prof["dob_missing"]:
            return ""
        y, m, d = dob
        if r() < 0.03 and d <= 12 and d != m:
            d, m = m, d
        if r() < 0.02:
            nd = d + (1 if r() < 0.5 else -1) if r() < 0.6 else 1 + int(r() * 28)
            if 1 <= nd <= days_in(y, m):
                d = nd
        if r() < prof["year_only"]:
            return "%04d" % y
        f = prof["dob_w"].pick(r)
        if f == 0:
            return "%04d-%02d-%02d" % (y, m, d)
        if f == 1:
            return "%02d/%02d/%04d" % (d, m, y)
        return "%02d-%02d-%04d" % (d, m, y)

    def render_nik(self, nik, prof, p, r):
        x = r()
        if x < 0.03:
            y = r()
            i = 12 + int(r() * 4) if y < 0.5 else (6 + int(r() * 6) if y < 0.9 else int(r() * 6))
            c = nik[i]
            nc = str((int(c) + 1 + int(r() * 9)) % 10)
            nik = nik[:i] + nc + nik[i + 1:]
        elif x < 0.045:
            i = int(r() * 15)
            if nik[i] != nik[i + 1]:
                nik = nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]
        elif x < 0.055:
            kk = p["hh"].get("kk")
            if kk is None:
                kk = p["hh"]["kk"] = (p["district6"] + "%02d%02d%02d" % (1 + int(r() * 28), 1 + int(r() * 12),
                                                                          int(r() * 25))
                                      + "%04d" % (1 + int(r() * 9999)))
            nik = kk
        x = r()
        if x < 0.05:
            y = r()
            if y < 0.5:
                nik = " ".join((nik[0:4], nik[4:8], nik[8:12], nik[12:16]))
            elif y < 0.8:
                nik = ".".join((nik[0:2], nik[2:4], nik[4:6], nik[6:12], nik[12:16]))
            else:
                nik = "-".join((nik[0:6], nik[6:12], nik[12:16]))
        elif x < 0.057:
            j = nik.find("0", int(r() * 8))
            if j < 0:
                j = nik.find("0")
            if j >= 0 and r() < 0.6:
                nik = nik[:j] + "O" + nik[j + 1:]
            elif "1" in nik:
                i = nik.index("1")
                nik = nik[:i] + "I" + nik[i + 1:]
        return nik

    def render_phone(self, ph, prof, r):
        cc, num = ph
        if cc == "62":
            f = prof["phone_w"].pick(r)
            if f == 0:
                return "+62" + num
            if f == 1:
                return "62" + num
            if f == 2:
                return "0" + num
            sep = "-" if f == 3 else " "
            return "0" + num[:3] + sep + num[3:7] + sep + num[7:]
        x = r()
        if x < 0.4:
            return "+" + cc + num
        if x < 0.75:
            return "+" + cc + " " + num[:2] + " " + num[2:5] + " " + num[5:]
        if x < 0.85 or cc in ("65", "852"):      # no trunk prefix in SG and HK
            return cc + num
        return "0" + num

    def records(self, p, k):
        r = self.r
        out = []
        pid = p["pid"]
        reg = p["hh"]["region"]
        for ag in self.agencies_for(p, k):
            prof = PROFILES[ag]
            src = self.source_code(ag, p)
            fals = prof["fals"] and p["fake_dob"] is not None
            # name
            name = self.render_name(p, prof, r)
            # sex
            sx = p["sex"]
            if r() < 0.005:
                sx = "L" if sx == "P" else "P"
            f = prof["sex_w"].pick(r)
            if f == 0:
                sex = sx
            elif f == 1:
                sex = "M" if sx == "L" else "F"
            elif f == 2:
                sex = "Laki-laki" if sx == "L" else "Perempuan"
            else:
                sex = ""
            # birth date
            bd = self.render_date(p["fake_dob"] if fals else p["dob"], prof, r)
            # birth place
            if r() < prof["bplace_missing"]:
                bp = ""
            else:
                bp = p["bplace"]
                if r() < 0.03:
                    bp = ("KAB. " if r() < 0.5 else "Kota ") + bp
                if r() < 0.02:
                    bp = typo(bp, r)
                c = prof["case_w"].pick(r)
                bp = bp.upper() if c == 0 else (bp.lower() if c == 2 else bp)
            # NIK
            if fals:
                nk = p["fake_nik"]
            else:
                nk = p["nik"]
            if nk is None or r() < prof["nik_missing"]:
                nik = ""
            else:
                nik = self.render_nik(nk, prof, p, r)
            # phone
            phone = ""
            if r() >= prof["phone_missing"]:
                ph = None
                if p["recruiter"] is not None and r() < prof["recruiter"]:
                    ph = p["recruiter"]
                elif p["family_phone"] is not None and r() < 0.08:
                    ph = p["family_phone"]
                elif p["foreign_phone"] is not None and r() < prof["foreign"]:
                    ph = p["foreign_phone"]
                elif p["phones"]:
                    ph = p["phones"][-1] if len(p["phones"]) > 1 and r() < 0.4 else p["phones"][0]
                elif p["family_phone"] is not None and r() < 0.5:
                    ph = p["family_phone"]
                if ph is not None:
                    phone = self.render_phone(ph, prof, r)
            # passport
            pp = ""
            if prof["passport"] and p["passports"] and r() < prof["passport"]:
                pps = p["passports"]
                if len(pps) > 1 and r() < (0.7 if ag == "IMIGRASI" else 0.5):
                    pp = pps[1]
                else:
                    pp = pps[0]
                x = r()
                if x < 0.04:
                    i = 1 if pp[1].isdigit() else 2
                    pp = pp[:i] + " " + pp[i:]
                elif x < 0.06:
                    pp = pp.lower()
                elif x < 0.07 and "0" in pp[2:]:
                    i = pp.index("0", 2)
                    pp = pp[:i] + "O" + pp[i + 1:]
            # region
            if r() < prof["region_missing"]:
                region = ""
            else:
                if prof["shelter"] and r() < prof["shelter"]:
                    region = SHELTER_REGIONS.pick(r)
                elif r() < prof["region_reg"]:
                    region = reg[0] + "." + reg[1]
                else:
                    region = reg[0] + "." + reg[1] + "." + p["addr_district"]
                if r() >= prof["region_dotted"]:
                    region = region.replace(".", "")
            out.append((src, name, sex, bd, bp, nik, phone, pp, region, pid))
        return out


def cluster_size(r):
    x = r()
    acc = 0.0
    for s, w in zip(CLUSTER_SIZES, CLUSTER_WEIGHTS):
        acc += w
        if x < acc:
            return s
    return CLUSTER_SIZES[-1]


def generate(n_records, seed, out_dir, chunk=CHUNK):
    """Write out_dir/records.csv and out_dir/truth.csv; return stats."""
    os.makedirs(out_dir, exist_ok=True)
    g = Gen(seed)
    r = g.r
    shuffle_rng = random.Random(seed * 7919 + 17)
    # record ids: an affine permutation of 0..N-1, so ids reveal nothing
    nmod = max(n_records, 1)
    a = shuffle_rng.randrange(nmod // 3, nmod) | 1 if nmod > 3 else 1
    while math.gcd(a, nmod) != 1:
        a += 1
    b = shuffle_rng.randrange(nmod)
    width = max(7, len(str(max(n_records - 1, 0))))
    idfmt = "R%0" + str(width) + "d"
    produced = 0
    written = 0
    buf = []
    sizes = {}
    with open(os.path.join(out_dir, "records.csv"), "w", newline="", encoding="utf-8") as fr, \
            open(os.path.join(out_dir, "truth.csv"), "w", newline="", encoding="utf-8") as ft:
        wr = csv.writer(fr, lineterminator="\n")
        wt = csv.writer(ft, lineterminator="\n")
        wr.writerow(HEADER)
        wt.writerow(TRUTH_HEADER)

        def flush():
            nonlocal written, buf
            shuffle_rng.shuffle(buf)
            rows, truth = [], []
            for rec in buf:
                rid = idfmt % ((a * written + b) % n_records)
                written += 1
                rows.append((rid,) + rec[:9])
                truth.append((rid, rec[9]))
            wr.writerows(rows)
            wt.writerows(truth)
            buf = []

        while produced < n_records:
            for p in g.new_household():
                if produced >= n_records:
                    break
                k = min(cluster_size(r), n_records - produced)
                recs = g.records(p, k)
                # agencies can run out (domestic person, k large): keep what we got
                buf.extend(recs)
                produced += len(recs)
                sizes[len(recs)] = sizes.get(len(recs), 0) + 1
            if len(buf) >= chunk:
                flush()
        if buf:
            flush()
    g.stats["records"] = written
    g.stats["cluster_sizes"] = dict(sorted(sizes.items()))
    return g.stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out-dir", required=True)
    args = ap.parse_args(argv)
    t0 = time.time()
    stats = generate(args.records, args.seed, args.out_dir)
    dt = time.time() - t0
    sizes = stats.pop("cluster_sizes")
    persons = sum(sizes.values())
    print("wrote %d records of %d persons to %s in %.1f s" % (stats["records"], persons,
                                                               args.out_dir, dt))
    print("cluster sizes: " + ", ".join("%d: %d (%.1f%%)" % (s, c, 100.0 * c / persons)
                                         for s, c in sizes.items()))
    print("hard negatives: " + ", ".join("%s=%d" % kv for kv in stats.items() if kv[0] != "records"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
