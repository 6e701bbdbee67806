"""The TAGS glossary, the station list and the origin table (resources/data)."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from desktop.archive import glossary
from desktop.archive.glossary import (
    ORIGIN_GROUPS,
    TAG_KIND_LABELS,
    TAG_KINDS,
    OriginInfo,
    TagInfo,
    infer_origin_group,
    kind_by_shape,
    known_stations,
    origin_info,
    origin_table,
    tag_glossary,
    tag_kind,
    tag_label,
    tag_vocabulary,
)
from desktop.paths import resource_path
from tests.conftest import REALDATA, ROOT

LISTS = REALDATA / "reference_lists"
DATA_FILES = ("tag_glossary.csv", "tag_vocabulary.txt", "stations.txt", "origins.csv",
              "tag_core.txt", "known_words.txt", "refid_aliases.csv", "cable2month.csv.gz")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def browse() -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (LISTS / "wikileaks_final_build_browse_lists.json").read_text("utf-8"))
    return data


# --- constants -----------------------------------------------------------------------------


def test_kind_and_group_constants() -> None:
    assert TAG_KINDS == ("subject", "program", "geographic", "organisation", "person", "other")
    assert list(TAG_KIND_LABELS) == list(TAG_KINDS)
    assert TAG_KIND_LABELS["program"] == "Program (K-tags)"
    assert ORIGIN_GROUPS == ("Embassies", "Consulates", "Missions", "Washington", "Other")


# --- the seed cable 10DUSHANBE170: TAGS: PGOV PHUM KTIP TI ---------------------------------


def test_seed_cable_tags() -> None:
    assert [tag_kind(c) for c in ("PGOV", "PHUM", "KTIP", "TI")] == [
        "subject", "subject", "program", "geographic"]
    assert tag_glossary()["TI"].name == "Tajikistan"
    assert tag_label("PGOV") == (
        "PGOV - Political Affairs--Government; Internal Governmental Affairs")
    assert tag_label("TI") == "TI - Tajikistan"
    assert tag_label("KTIP") == "KTIP - Trafficking in Persons"


def test_tag_info_is_frozen() -> None:
    info = tag_glossary()["PREL"]
    assert info == TagInfo("PREL", "Political Affairs--External Political Relations", "subject",
                           "plusd-observed")
    with pytest.raises(AttributeError):
        info.name = "x"  # type: ignore[misc]


# --- glossary coverage ---------------------------------------------------------------------


def test_every_subject_and_organisation_code_has_a_row() -> None:
    table = tag_glossary()
    for code in _lines(LISTS / "subject-tags.txt"):
        assert table[code].kind == "subject", code
        assert code in tag_vocabulary()
    for code in _lines(LISTS / "organization-tags.txt"):
        assert code in table, code
        assert code in tag_vocabulary()


def test_every_two_and_four_letter_browse_tag_has_a_row(browse: dict[str, object]) -> None:
    table = tag_glossary()
    tags = browse["tags"]
    assert isinstance(tags, list)
    short = [t for t in tags if len(t) in (2, 4) and t.isalpha() and t.isupper()]
    assert len(short) == 1845
    assert not [t for t in short if t not in table]


def test_long_junk_codes_stay_out(browse: dict[str, object]) -> None:
    table = tag_glossary()
    assert "AEMRASECCASCKFLOMARRPRELPINRAMGTJMXL" not in table
    assert "ALEXANDER" not in table
    assert "MASSMNUC" not in tag_vocabulary()
    assert {"MASS", "MNUC"} <= tag_vocabulary()


def test_plusd_observed_names_win() -> None:
    observed = json.loads((LISTS / "tags_names_observed_plusd.json").read_text("utf-8"))["tags"]
    assert len(observed) == 14
    for code, entry in observed.items():
        row = tag_glossary()[code]
        assert (row.name, row.source) == (entry["name"], "plusd-observed"), code


def test_kinds_follow_the_rules() -> None:
    table = tag_glossary()
    counts = Counter(info.kind for info in table.values())
    assert set(counts) <= set(TAG_KINDS)
    assert counts["program"] == 365
    assert counts["subject"] > 900
    assert counts["geographic"] > 400
    assert counts["organisation"] >= 590
    organisations = set(_lines(LISTS / "organization-tags.txt"))
    for code, info in table.items():
        if code in organisations:
            assert info.kind in ("organisation", "geographic"), code
        elif len(code) == 4 and code.startswith("K") and code.isalpha() and code.isupper():
            assert info.kind == "program", code
        if info.kind == "subject":
            assert len(code) == 4 and not code.startswith("K"), code
        if info.kind == "geographic" and len(code) == 2:
            assert code.isalpha() and code.isupper()
    # organisation tags, including two-letter ones that are not FIPS codes
    assert table["NATO"].kind == table["UNGA"].kind == table["IAEA"].kind == "organisation"
    assert table["UN"].kind == "organisation"
    assert table["EUN"].name == "European Union"
    # a FIPS country code stays geographic even though the org list repeats it
    assert table["AL"].kind == "geographic" and table["AL"].name == "Albania"


def test_sources_and_names() -> None:
    sources = Counter(info.source for info in tag_glossary().values())
    assert set(sources) == {"", "plusd-observed", "fips-10-4", "tags-handbook", "hand-compiled"}
    assert sources["plusd-observed"] == 14
    for info in tag_glossary().values():
        assert bool(info.name) == bool(info.source), info


@pytest.mark.parametrize(("code", "name"), [
    ("CH", "China (Mainland)"), ("KS", "Korea (South)"), ("KN", "Korea (North)"),
    ("RS", "Russia"), ("IZ", "Iraq"), ("IR", "Iran"), ("AF", "Afghanistan"),
    ("PK", "Pakistan"), ("UK", "United Kingdom"), ("GM", "Germany"), ("SP", "Spain"),
    ("JA", "Japan"), ("IS", "Israel"), ("LE", "Lebanon"), ("TU", "Turkey"), ("UP", "Ukraine"),
    ("MX", "Mexico"), ("VE", "Venezuela"), ("SA", "Saudi Arabia"),
    ("AE", "United Arab Emirates"), ("US", "United States"), ("EU", "European Union"),
])
def test_geographic_names(code: str, name: str) -> None:
    assert tag_glossary()[code].name == name
    assert tag_kind(code) == "geographic"


@pytest.mark.parametrize(("code", "name"), [
    ("PHUM", "Political Affairs--Human Rights"),
    ("PTER", "Political Affairs--Terrorists and Terrorism"),
    ("ETRD", "Economic Affairs--Foreign Trade"),
    ("MOPS", "Military and Defense Affairs--Military Operations"),
    ("KNNP", "Nuclear Nonproliferation"),
    ("KDEM", "Democratization"),
    ("CVIS", "Visas"),
    ("OVIP", "Visits and Travel of Prominent Individuals"),
])
def test_subject_and_program_names(code: str, name: str) -> None:
    assert tag_glossary()[code].name == name


def test_vocabulary_is_the_glossary_without_persons() -> None:
    vocab = _lines(resource_path("data", "tag_vocabulary.txt"))
    expected = sorted(code for code, info in tag_glossary().items()
                      if info.kind in glossary.VOCABULARY_KINDS)
    assert vocab == expected
    assert "BUSH" in tag_glossary() and "BUSH" not in tag_vocabulary()
    assert "ALITALIA" in tag_vocabulary()  # mixed-case org codes also in upper case


# --- tag_kind for unknown codes ------------------------------------------------------------


@pytest.mark.parametrize(("code", "kind"), [
    ("KZZZ", "program"), ("QZZZ", "subject"), ("QQ", "geographic"),
    ("STEINBERG, JAMES B.", "person"), ("HUMAN RIGHTS", "person"), ("Smith", "person"),
    ("UNGA/C-9", "other"), ("ALEXANDER", "other"), ("", "other"),
])
def test_kind_of_unknown_codes(code: str, kind: str) -> None:
    assert code not in tag_glossary()
    assert tag_kind(code) == kind_by_shape(code) == kind


def test_label_of_unknown_or_unnamed_code() -> None:
    assert tag_label("QZZZ") == "QZZZ"
    assert tag_glossary()["XX"].name == ""
    assert tag_label("XX") == "XX"
    assert tag_kind("alitalia") == "organisation"  # case-insensitive look-up


# --- stations ------------------------------------------------------------------------------


def test_stations() -> None:
    stations = known_stations()
    assert len(stations) == 282  # 363 tokens in the release, 81 of them garbled
    assert {"DUSHANBE", "STATE", "USUNNEWYORK", "BUENOSAIRES", "AITTAIPEI",
            "BANDARSERIBEGAWAN", "ROME", "LENINGRAD", "BONN"} <= stations
    # garbled tokens of malformed ids never resolve a REF item
    assert not {"BRASIIA", "THEHAGU", "EFTOLONDON", "AMEMBASSYHANOI", "AITTAIPIE"} & stations
    assert all(s.isalpha() and s.isupper() for s in stations)
    lines = _lines(resource_path("data", "stations.txt"))
    assert lines == sorted(set(lines))
    assert "SCTION02OF02SAOPAULO" not in stations  # malformed ids yield no station


# --- origins -------------------------------------------------------------------------------


def test_all_origins_are_grouped(browse: dict[str, object]) -> None:
    origins = browse["origins"]
    assert isinstance(origins, list)
    names = {entry["name"] for entry in origins}
    table = origin_table()
    assert len(table) == 274 and set(table) == names
    groups = Counter(info.group for info in table.values())
    assert groups == {"Embassies": 171, "Consulates": 78, "Missions": 21, "Washington": 4}
    for info in table.values():
        assert info.group == infer_origin_group(info.name), info
        assert info.country, info
        assert not info.station or info.station in known_stations(), info


def test_origins_with_a_station() -> None:
    missing = [info.name for info in origin_table().values() if not info.station]
    assert missing == ["US Delegation, Secretary"]


@pytest.mark.parametrize(("name", "group", "country", "station"), [
    ("Embassy Dushanbe", "Embassies", "Tajikistan", "DUSHANBE"),
    ("Embasy Bonn", "Embassies", "Germany", "BONN"),
    ("Embassy Buenos Aires", "Embassies", "Argentina", "BUENOSAIRES"),
    ("Embassy Port Au Prince", "Embassies", "Haiti", "PORTAUPRINCE"),
    ("Consulate Karachi", "Consulates", "Pakistan", "KARACHI"),
    ("Consulate Osaka Kobe", "Consulates", "Japan", "OSAKAKOBE"),
    ("American Consulate Hyderabad", "Consulates", "India", "HYDERABAD"),
    ("Secretary of State", "Washington", "United States", "STATE"),
    ("DIR FSINFATC", "Washington", "United States", "FSINFATC"),
    ("USUN New York", "Missions", "United Nations", "USUNNEWYORK"),
    ("USEU Brussels", "Missions", "European Union", "USEUBRUSSELS"),
    ("Mission USNATO", "Missions", "NATO", "USNATO"),
    ("UNVIE", "Missions", "United Nations (Vienna)", "UNVIEVIENNA"),
    ("American Institute Taiwan, Taipei", "Missions", "Taiwan", "AITTAIPEI"),
    ("US Interests Section Havana", "Missions", "Cuba", "HAVANA"),
    ("REO Basrah", "Missions", "Iraq", "BASRAH"),
    ("Iran RPO Dubai", "Missions", "Iran", "RPODUBAI"),
])
def test_known_origins(name: str, group: str, country: str, station: str) -> None:
    assert origin_info(name) == OriginInfo(name, group, country, station)


def test_origin_lookup_ignores_case_and_spacing() -> None:
    assert origin_info("embassy  dushanbe").country == "Tajikistan"


@pytest.mark.parametrize(("name", "group"), [
    ("Embassy Nowhere", "Embassies"), ("Consulate Nowhere", "Consulates"),
    ("American Consulate Nowhere", "Consulates"), ("Mission Nowhere", "Missions"),
    ("USMISSION NOWHERE", "Missions"), ("US Office Nowhere", "Missions"),
    ("Amembassy Nowhere", "Embassies"), ("SECSTATE WASHDC", "Washington"),
    ("Nowhere Office", "Other"),
])
def test_unknown_origins(name: str, group: str) -> None:
    info = origin_info(name)
    assert (info.name, info.group, info.country, info.station) == (name, group, "", "")


def test_unknown_origin_at_a_known_station() -> None:
    assert origin_info("Consulate Leningrad").station == "LENINGRAD"


# --- the files and the build script --------------------------------------------------------


def _load_builder() -> ModuleType:
    path = ROOT / "tools" / "build_reference_data.py"
    spec = importlib.util.spec_from_file_location("build_reference_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_reference_data", module)
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_the_files(tmp_path: Path) -> None:
    builder = _load_builder()
    builder.build(REALDATA, tmp_path)
    for name in DATA_FILES:
        assert (tmp_path / name).read_bytes() == resource_path("data", name).read_bytes(), name


def test_files_are_sorted_and_well_formed() -> None:
    with resource_path("data", "tag_glossary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["code", "name", "kind", "source"]
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(set(codes))
    with resource_path("data", "origins.csv").open(encoding="utf-8", newline="") as fh:
        origin_rows = list(csv.reader(fh))
    assert origin_rows[0] == ["origin", "group", "country", "station"]
    assert [r[0] for r in origin_rows[1:]] == sorted(r[0] for r in origin_rows[1:])


def test_glossary_module_imports_no_qt() -> None:
    source = (ROOT / "desktop" / "archive" / "glossary.py").read_text("utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not [line for line in imports if "PySide" in line or "Qt" in line]
