"""Quick checks of the synthetic cables.csv generator used by the import benchmark."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = 300
SEED = 1234
Generated = tuple[Path, dict[str, Any], list[list[str]]]
DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d\d)$")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cables_csv",
                                                  ROOT / "bench" / "gen_cables_csv.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _records(path: Path) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, escapechar="\\", doublequote=False))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    path = tmp_path_factory.mktemp("gen") / "cables.csv"
    manifest = gen.generate(path, rows=ROWS, seed=SEED, jobs=1)
    return path, manifest, _records(path)


def test_manifest_counts(generated: Generated) -> None:
    path, manifest, records = generated
    on_disk = json.loads(Path(f"{path}.manifest.json").read_text("utf-8"))
    assert on_disk == manifest
    assert manifest["valid_rows"] == ROWS
    assert manifest["bad_row_count"] == len(manifest["bad_rows"]) >= 3
    assert manifest["rows_written"] == len(records) == ROWS + manifest["bad_row_count"]
    assert manifest["bytes"] == path.stat().st_size
    assert sum(manifest["classification_counts"].values()) == ROWS
    assert set(manifest["classification_counts"]) == set(gen.CLASSES)


def test_valid_rows_are_well_formed(generated: Generated) -> None:
    _, manifest, records = generated
    bad_numbers = {b["record"] for b in manifest["bad_rows"]}
    valid = [r for i, r in enumerate(records, 1) if i not in bad_numbers]
    assert len(valid) == ROWS
    assert all(len(r) == 8 for r in valid)
    assert [int(r[0]) for r in records] == list(range(1, len(records) + 1))
    assert Counter(r[4] for r in valid) == Counter(
        {k: v for k, v in manifest["classification_counts"].items() if v})
    assert len({r[2] for r in valid}) == ROWS  # real refids, each once
    times = []
    for r in valid:
        m = DATE.match(r[1])
        assert m, r[1]
        month, day, year, hour, minute = map(int, m.groups())
        assert r[1] == f"{month}/{day}/{year} {hour}:{minute:02d}"  # no zero padding
        assert str(year)[2:] == r[2][:2] or not r[2][:2].isdigit()
        dtg = f"{day:02d}{hour:02d}{minute:02d}Z"
        assert dtg in r[6], (r[2], r[6][:200])
        times.append((year, month, day, hour, minute))
    assert times == sorted(times)  # chronological
    assert all(not r[5] or all(re.fullmatch(r"\d\d[A-Z]+\d+", x) for x in r[5].split("|"))
               for r in valid)
    bodies = "".join(r[7] for r in valid)
    assert '"' in bodies and "'" in bodies  # the escaping is exercised


def test_bad_rows_where_manifest_says(generated: Generated) -> None:
    path, manifest, records = generated
    lines = path.read_bytes().split(b"\n")
    kinds = {b["kind"] for b in manifest["bad_rows"]}
    assert {"fields_7", "fields_9", "bad_date"} <= kinds
    for bad in manifest["bad_rows"]:
        record = records[bad["record"] - 1]
        assert len(record) == bad["fields"]
        assert lines[bad["line"] - 1].startswith(f'"{bad["record"]}","'.encode())
        if bad["kind"] == "fields_7":
            assert len(record) == 7
        elif bad["kind"] == "fields_9":
            assert len(record) == 9
        elif bad["kind"] == "bad_date":
            assert record[1] == gen.BAD_DATE
        else:
            assert record[2] == ""


def test_deterministic_and_lf(generated: Generated,
                              tmp_path: Path) -> None:
    path, manifest, _ = generated
    again = tmp_path / "again.csv"
    gen.generate(again, rows=ROWS, seed=SEED, jobs=1)
    assert again.read_bytes() == path.read_bytes()
    lf = tmp_path / "lf.csv"
    gen.main([str(lf), "--rows", "120", "--seed", str(SEED), "--lf", "--bad-rows", "4"])
    data = lf.read_bytes()
    assert b"\r" not in data
    lf_manifest = json.loads(Path(f"{lf}.manifest.json").read_text("utf-8"))
    assert lf_manifest["bad_row_count"] == 4
    assert [b["kind"] for b in lf_manifest["bad_rows"]].count("empty_refid") == 1
    assert len(_records(lf)) == 124
