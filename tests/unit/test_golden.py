"""Golden tests: a dozen real cables, each parsed from one source, against reviewed JSON.

After a deliberate parser change, rewrite them with ``python -m tests.unit.test_golden`` and
review the diff before committing it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from desktop.archive.parse import parse_cable
from desktop.archive.records import RawCable
from desktop.archive.sources import read_source
from desktop.export.cable_text import cable_json
from tests.conftest import CSV_SAMPLE, DEC_2010, EARLY_2011, FINAL_BUILD, FIXTURES, SEED_PAGE

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def _page(root: Path, refid: str) -> Path:
    return next(root.rglob(f"{refid}.html"))


CASES: dict[str, tuple[Path, str]] = {
    "10DUSHANBE170.seed": (SEED_PAGE, "10DUSHANBE170"),
    "66BUENOSAIRES2481.csv": (CSV_SAMPLE, "66BUENOSAIRES2481"),
    "73TEHRAN2077.final": (_page(FINAL_BUILD, "73TEHRAN2077"), "73TEHRAN2077"),
    "75TEHRAN2069.dec2010": (_page(DEC_2010, "75TEHRAN2069"), "75TEHRAN2069"),
    "07BERN881.mar2011": (EARLY_2011 / "07BERN881.html", "07BERN881"),
    "08REYKJAVIK195.feb2011": (EARLY_2011 / "08REYKJAVIK195.html", "08REYKJAVIK195"),
    "10STATE284.feb2011": (EARLY_2011 / "10STATE284.html", "10STATE284"),
    "09ULAANBAATAR234.dec2010": (_page(DEC_2010, "09ULAANBAATAR234"), "09ULAANBAATAR234"),
    "10LONDON450.dec2010": (_page(DEC_2010, "10LONDON450"), "10LONDON450"),
    "09TALLINN114.dec2010": (_page(DEC_2010, "09TALLINN114"), "09TALLINN114"),
    "09STATE40423.dec2010": (_page(DEC_2010, "09STATE40423"), "09STATE40423"),
    "09ISLAMABAD3037.dec2010": (_page(DEC_2010, "09ISLAMABAD3037"), "09ISLAMABAD3037"),
    "08KUALALUMPUR317.dec2010": (_page(DEC_2010, "08KUALALUMPUR317"), "08KUALALUMPUR317"),
}


def actual(name: str) -> dict[str, object]:
    path, refid = CASES[name]
    raw = next(i for i in read_source(path) if isinstance(i, RawCable) and i.refid == refid)
    data = cable_json(parse_cable(raw))
    for source in data["sources"]:  # type: ignore[attr-defined]
        source["path"] = Path(source["path"]).relative_to(FIXTURES).as_posix()
    return data


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert actual(name) == expected


if __name__ == "__main__":
    for case in sys.argv[1:] or sorted(CASES):
        (GOLDEN / f"{case}.json").write_text(
            json.dumps(actual(case), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", case)
