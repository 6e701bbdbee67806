"""Build seeds/, the sample archive the first run opens, from ../shared/realdata (run once).

Copies, byte for byte: every final-build page, every Feb-Mar 2011 page, the pages of the Dec
2010 build that show a known quirk, then an even spread of the other Dec 2010 pages until the
sample reaches its size budget; the 12-record cables.csv sample; the seed page saved as text;
and one listing page and the front page, which an import must skip.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

BUDGET = 9_500_000
QUIRKS = [
    "09ULAANBAATAR234", "09KABUL3423", "10LONDON450", "08KUALALUMPUR317", "09TALLINN114",
    "09STATE40423", "09LAPAZ96", "09ISLAMABAD3037", "66BUENOSAIRES2481", "72TEHRAN1164",
    "72TEHRAN5055", "75TEHRAN2069", "09STATE11937", "09CAIRO2205", "10STATE284",
]


def main(shared: Path, out: Path) -> None:
    real = shared / "realdata"
    html = real / "wikileaks_html"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copied = 0

    def copy(src: Path, dest: Path) -> None:
        nonlocal copied
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        copied += src.stat().st_size

    final = html / "build_2011-08-30_final"
    for page in sorted(final.rglob("*.html")):
        copy(page, out / "cablegate-201108300212" / page.relative_to(final))
    for page in sorted((html / "build_2011-02_to_03_cablemap").glob("*.html")):
        copy(page, out / "cablegate-2011-03-pages" / page.name)
    copy(real / "cables_csv" / "cables_first12_sample.csv", out / "cables.csv")
    for seed in sorted((shared / "seeds").glob("*.txt")):
        copy(seed, out / "saved-pages" / "10DUSHANBE170.txt")
    early = html / "build_2010-12-10_chillicoder"
    early_out = out / "cablegate-201012102105"
    copy(early / "index.html", early_out / "index.html")
    copy(early / "tag" / "PREL_0.html", early_out / "tag" / "PREL_0.html")
    pages = sorted(early.joinpath("cable").rglob("*.html"))
    chosen = [p for p in pages if p.stem in QUIRKS]
    rest = [p for p in pages if p.stem not in QUIRKS]
    for page in chosen:
        copy(page, early_out / page.relative_to(early))
    # An even spread over the rest (they are sorted by year and month).
    step = 2
    for page in rest[::step]:
        if copied + page.stat().st_size > BUDGET:
            break
        copy(page, early_out / page.relative_to(early))
    print(f"seeds: {copied / 1e6:.1f} MB in {sum(1 for _ in out.rglob('*') if _.is_file())} files")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared", here / "seeds")
