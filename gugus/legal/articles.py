# ruff: noqa: E501 (one article per line reads better than wrapped strings)
"""The articles that trafficking cases are charged under, as data (loaded into ``Article``).

Short summaries, not the text of the law: the law governs. The secretariat may add articles
(admin); these are the ones the task force's cases are most often charged under.
Each row: (law code, article, paragraph, read with, summary in Indonesian, summary in English).
"""

from __future__ import annotations

LAWS: dict[str, str] = {
    "uu_21_2007": "UU 21/2007 (Pemberantasan Tindak Pidana Perdagangan Orang)",
    "uu_18_2017": "UU 18/2017 (Pelindungan Pekerja Migran Indonesia)",
    "uu_35_2014": "UU 35/2014 (Perubahan atas UU 23/2002 tentang Perlindungan Anak)",
    "uu_12_2022": "UU 12/2022 (Tindak Pidana Kekerasan Seksual)",
    "uu_ite": "UU 11/2008 (Informasi dan Transaksi Elektronik) jo. UU 19/2016 jo. UU 1/2024",
    "uu_6_2011": "UU 6/2011 (Keimigrasian)",
    "uu_8_2010": "UU 8/2010 (Tindak Pidana Pencucian Uang)",
    "kuhp": "KUHP (penyertaan)",
}

ARTICLES: list[tuple[str, str, str, str, str, str]] = [
    (
        "uu_21_2007",
        "2",
        "1",
        "",
        "Perekrutan, pengangkutan, penampungan, pengiriman, pemindahan atau penerimaan orang dengan ancaman, kekerasan, penipuan atau cara lain untuk tujuan eksploitasi",
        "Recruiting, transporting, harbouring, sending, transferring or receiving a person by threat, force, fraud or other means for exploitation",
    ),
    (
        "uu_21_2007",
        "2",
        "2",
        "",
        "Perbuatan pada ayat (1) yang mengakibatkan orang tereksploitasi",
        "The act of paragraph (1) resulting in the person's exploitation",
    ),
    (
        "uu_21_2007",
        "3",
        "",
        "",
        "Memasukkan orang ke wilayah Indonesia untuk dieksploitasi",
        "Bringing a person into Indonesia to be exploited",
    ),
    (
        "uu_21_2007",
        "4",
        "",
        "",
        "Membawa warga negara Indonesia ke luar wilayah Indonesia untuk dieksploitasi",
        "Taking an Indonesian citizen abroad to be exploited",
    ),
    ("uu_21_2007", "5", "", "", "Pengangkatan anak untuk dieksploitasi", "Adopting a child to exploit them"),
    (
        "uu_21_2007",
        "6",
        "",
        "",
        "Pengiriman anak ke dalam atau ke luar negeri yang mengakibatkan anak tereksploitasi",
        "Sending a child within or out of the country, resulting in the child's exploitation",
    ),
    (
        "uu_21_2007",
        "7",
        "",
        "",
        "Pemberatan: korban luka berat, gangguan jiwa, penyakit menular, kehamilan, terganggunya fungsi reproduksi atau kematian",
        "Aggravation: serious injury, mental disorder, infectious disease, pregnancy, reproductive harm or death of the victim",
    ),
    (
        "uu_21_2007",
        "8",
        "",
        "",
        "Penyelenggara negara yang menyalahgunakan kekuasaan",
        "A state official abusing their power",
    ),
    (
        "uu_21_2007",
        "9",
        "",
        "",
        "Menggerakkan orang lain supaya melakukan tindak pidana perdagangan orang",
        "Inciting another to commit trafficking",
    ),
    (
        "uu_21_2007",
        "10",
        "",
        "",
        "Membantu atau melakukan percobaan tindak pidana perdagangan orang",
        "Aiding or attempting trafficking",
    ),
    (
        "uu_21_2007",
        "11",
        "",
        "",
        "Merencanakan atau melakukan permufakatan jahat",
        "Planning or conspiring to commit trafficking",
    ),
    (
        "uu_21_2007",
        "12",
        "",
        "",
        "Menggunakan atau memanfaatkan korban (persetubuhan, pencabulan, mempekerjakan korban)",
        "Using or profiting from a victim (sexual acts, putting the victim to work)",
    ),
    (
        "uu_21_2007",
        "13",
        "",
        "15",
        "Tindak pidana perdagangan orang oleh korporasi",
        "Trafficking committed by a corporation",
    ),
    (
        "uu_21_2007",
        "16",
        "",
        "",
        "Dilakukan oleh kelompok yang terorganisasi (pemberatan sepertiga)",
        "Committed by an organised group (penalty increased by a third)",
    ),
    (
        "uu_21_2007",
        "17",
        "",
        "",
        "Korban anak (pemberatan sepertiga)",
        "The victim is a child (penalty increased by a third)",
    ),
    (
        "uu_21_2007",
        "19",
        "",
        "",
        "Memberikan atau memasukkan keterangan palsu pada dokumen negara untuk mempermudah perdagangan orang",
        "False statements in state documents to facilitate trafficking",
    ),
    (
        "uu_21_2007",
        "21",
        "",
        "",
        "Penyerangan fisik terhadap saksi atau petugas di persidangan",
        "Physical attack on a witness or an official at trial",
    ),
    (
        "uu_21_2007",
        "22",
        "",
        "",
        "Mencegah, merintangi atau menggagalkan penyidikan, penuntutan atau pemeriksaan di sidang",
        "Obstructing investigation, prosecution or trial",
    ),
    ("uu_21_2007", "23", "", "", "Membantu pelarian pelaku", "Helping an offender escape"),
    (
        "uu_21_2007",
        "24",
        "",
        "",
        "Memberitahukan identitas saksi atau korban yang harus dirahasiakan",
        "Disclosing the identity of a protected witness or victim",
    ),
    (
        "uu_18_2017",
        "81",
        "",
        "",
        "Orang perseorangan yang melaksanakan penempatan Pekerja Migran Indonesia",
        "An individual placing Indonesian migrant workers",
    ),
    (
        "uu_18_2017",
        "83",
        "",
        "",
        "Menempatkan calon Pekerja Migran Indonesia yang tidak memenuhi persyaratan",
        "Placing prospective migrant workers who do not meet the requirements",
    ),
    (
        "uu_18_2017",
        "86",
        "",
        "",
        "Menempatkan Pekerja Migran Indonesia pada pekerjaan yang bertentangan dengan perjanjian kerja atau di negara tujuan yang tertutup",
        "Placing migrant workers in work contrary to the contract or in a closed destination country",
    ),
    (
        "uu_35_2014",
        "76F",
        "",
        "83",
        "Penculikan, penjualan dan/atau perdagangan anak",
        "Abduction, sale or trafficking of a child",
    ),
    (
        "uu_35_2014",
        "76I",
        "",
        "88",
        "Eksploitasi ekonomi dan/atau seksual terhadap anak",
        "Economic or sexual exploitation of a child",
    ),
    ("uu_35_2014", "76D", "", "81", "Persetubuhan dengan anak", "Sexual intercourse with a child"),
    ("uu_35_2014", "76E", "", "82", "Perbuatan cabul terhadap anak", "Sexual abuse of a child"),
    ("uu_12_2022", "12", "", "", "Eksploitasi seksual", "Sexual exploitation"),
    ("uu_12_2022", "13", "", "", "Perbudakan seksual", "Sexual slavery"),
    ("uu_12_2022", "14", "1", "", "Kekerasan seksual berbasis elektronik", "Electronic sexual violence"),
    (
        "uu_ite",
        "27",
        "1",
        "45 ayat (1)",
        "Mendistribusikan atau mentransmisikan informasi elektronik yang melanggar kesusilaan",
        "Distributing electronic content that violates decency",
    ),
    (
        "uu_ite",
        "28",
        "1",
        "45A ayat (1)",
        "Menyebarkan pemberitahuan bohong yang menimbulkan kerugian materiel konsumen transaksi elektronik",
        "Spreading false information causing material loss to consumers in electronic transactions",
    ),
    (
        "uu_ite",
        "29",
        "",
        "45B",
        "Ancaman kekerasan atau menakut-nakuti melalui informasi elektronik",
        "Threats of violence or intimidation by electronic means",
    ),
    (
        "uu_ite",
        "35",
        "",
        "51 ayat (1)",
        "Manipulasi informasi elektronik agar dianggap seolah-olah data yang otentik",
        "Manipulating electronic information to appear authentic",
    ),
    ("uu_6_2011", "120", "", "", "Penyelundupan manusia", "People smuggling"),
    (
        "uu_8_2010",
        "3",
        "",
        "",
        "Pencucian uang aktif (menempatkan, mentransfer, menyamarkan hasil tindak pidana)",
        "Active money laundering (placing, transferring or disguising proceeds of crime)",
    ),
    (
        "uu_8_2010",
        "5",
        "",
        "",
        "Pencucian uang pasif (menerima atau menguasai hasil tindak pidana)",
        "Passive money laundering (receiving or holding proceeds of crime)",
    ),
    (
        "kuhp",
        "55",
        "1",
        "",
        "Turut serta melakukan (dibaca bersama pasal pokok)",
        "Joint perpetration (read with the main article)",
    ),
    ("kuhp", "56", "", "", "Membantu melakukan", "Aiding"),
]


def citation(law: str, article: str, paragraph: str = "", read_with: str = "") -> str:
    """How the article is written in a charge: "Pasal 2 ayat (1) UU 21/2007", "Pasal 27 ayat (1) jo. Pasal 45 ayat (1) UU ITE"."""
    text = f"Pasal {article}" + (f" ayat ({paragraph})" if paragraph else "")
    if read_with:
        text += f" jo. Pasal {read_with}"
    short = LAWS.get(law, law).split(" (", 1)[0]
    if law == "uu_ite":
        short = "UU ITE"
    return f"{text} {short}"
