"""Demo regulation: the invented sample Perpres with its two amendments and a consolidation,
so the workbench opens with something to compare. The texts are ours (see samples/README.md),
not real regulation text."""

from __future__ import annotations

from importlib import resources

from gugus.regulations.models import Regulation, RegulationVersion
from gugus.regulations.services import regulation_create, regulation_version_add, regulation_version_consolidate

TITLE = "Contoh: Peraturan Presiden tentang Gugus Tugas PP-TPPO (teks rekaan)"


def _sample(name: str) -> str:
    return resources.files("gugus.regulations").joinpath("samples", name).read_text(encoding="utf-8")


def demo_step(*, rng, actor, out) -> None:
    if Regulation.objects.filter(title=TITLE).exists():
        return
    regulation = regulation_create(actor=actor, title=TITLE, short_name="Perpres 7/2031 (contoh)",
                                   note="Invented sample text for demonstration; not a real regulation.")
    base = regulation_version_add(actor=actor, regulation=regulation, label="Perpres 7/2031",
                                  kind=RegulationVersion.Kind.ENACTED, text=_sample("base.txt"))
    first = regulation_version_add(actor=actor, regulation=regulation, label="Perubahan 2032",
                                   kind=RegulationVersion.Kind.AMENDMENT, text=_sample("amendment_1.txt"))
    second = regulation_version_add(actor=actor, regulation=regulation, label="Perubahan 2033",
                                    kind=RegulationVersion.Kind.AMENDMENT, text=_sample("amendment_2.txt"))
    regulation_version_consolidate(actor=actor, base=base, amendments=[first, second],
                                   label="Konsolidasi 2033")
    print(f"regulations: {regulation.versions.count()} versions of the sample regulation", file=out)
