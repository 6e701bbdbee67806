"""Issue 8, point 7: the report says what was dropped. Records swallowed by an unterminated
quote in cables.csv are named (their reference ids, seen in the swallowed text), and files
skipped as "not cables" are listed with the reason, in the report and in the library's
import history that the window reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.archive.importer import import_paths
from desktop.archive.library import Library
from desktop.archive.records import Problem, RawCable
from desktop.archive.runs import SKIPPED_PREFIX
from desktop.archive.sources.cables_csv import read_cables_csv
from tests.conftest import DEC_2010, ROOT
from tests.helpers import csv_record, sample_rows

ROWS = sample_rows()[:6]
RECORDS = [csv_record(r) for r in ROWS]
REFIDS = [r[2] for r in ROWS]


def _line_of(n: int) -> int:
    """The line record ``n`` (0-based) starts on."""
    return 1 + sum(r.count("\n") for r in RECORDS[:n])


def _read(tmp_path: Path, text: str) -> list[RawCable | Problem]:
    path = tmp_path / "cables.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return list(read_cables_csv(path))


def test_a_record_swallowed_by_an_unterminated_quote_is_named(tmp_path: Path) -> None:
    broken = RECORDS[2]
    end = broken.rindex('"')  # the body's closing quote is missing
    text = "".join(RECORDS[:2]) + broken[:end] + broken[end + 1 :] + "".join(RECORDS[3:])
    items = _read(tmp_path, text)
    read = [i.refid for i in items if isinstance(i, RawCable)]
    assert read == [REFIDS[0], REFIDS[1], REFIDS[4], REFIDS[5]]
    problems = [(p.position, p.reason) for p in items if isinstance(p, Problem)]
    assert problems[0][0] == f"record 3, line {_line_of(2)}"
    assert (f"unterminated quote in this record ({REFIDS[2]}) ran on into the next 1 record"
            in problems[0][1])
    lost_at, lost_why = problems[1]
    assert lost_at == f"line {_line_of(3)}"
    assert lost_why.startswith(f"record 4 ({REFIDS[3]}) is lost: an unterminated quote in "
                               f"the record of line {_line_of(2)}")
    assert len(problems) == 2


@pytest.mark.parametrize("how", ["dropped", "escaped"])
def test_every_record_lost_to_a_bad_quote_is_named(tmp_path: Path, how: str) -> None:
    """Whichever quote of a record is missing (or escaped), every record that is not read
    is the broken one or named in a problem."""
    broken = RECORDS[2]
    for at in [i for i, ch in enumerate(broken) if ch == '"']:
        bad = broken[:at] + broken[at + 1 :] if how == "dropped" else (
            broken[:at] + "\\" + broken[at:])
        items = _read(tmp_path, "".join(RECORDS[:2]) + bad + "".join(RECORDS[3:]))
        read = {i.refid for i in items if isinstance(i, RawCable)}
        said = " ".join(p.reason for p in items if isinstance(p, Problem))
        unaccounted = [r for r in REFIDS if r not in read and r != REFIDS[2] and r not in said]
        assert unaccounted == [], (at, said)


def test_a_chain_of_swallowed_records_is_named_in_full(tmp_path: Path) -> None:
    chain = []
    for record in RECORDS[1:5]:  # four records in a row lose their closing quote
        end = record.rindex('"')
        chain.append(record[:end] + "\\" + record[end:])
    items = _read(tmp_path, RECORDS[0] + "".join(chain) + RECORDS[5])
    read = [i.refid for i in items if isinstance(i, RawCable)]
    said = " ".join(p.reason for p in items if isinstance(p, Problem))
    assert read[0] == REFIDS[0]
    for refid in REFIDS[1:]:
        assert refid in read or refid in said, refid


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small copy of a site tree: two cable pages, a listing folder, the front page, a
    stylesheet."""
    root = tmp_path / "site"
    pages = sorted((DEC_2010 / "cable").rglob("*.html"))[:2]
    for page in pages:
        target = root / page.relative_to(DEC_2010)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target)
    shutil.copytree(DEC_2010 / "tag", root / "tag")
    shutil.copy(DEC_2010 / "index.html", root / "index.html")
    (root / "style.css").write_text("body {}", encoding="utf-8")
    return root


def test_skipped_files_are_listed_with_their_reason(site: Path, tmp_path: Path) -> None:
    with Library(tmp_path / "lib.db") as lib:
        report = import_paths(lib.db, [site])
        run = lib.import_runs()[0]
        rows = lib.import_problems(int(run["id"]))  # type: ignore[arg-type]
    assert not report.problems and report.imported == 2
    skipped = [(Path(source).name, reason) for source, position, reason, fatal in rows
               if reason.startswith(SKIPPED_PREFIX) and not fatal and position == ""]
    assert len(skipped) == len(rows) == len(report.skipped) == run["skipped"] == 3
    assert set(skipped) == {
        ("tag", "skipped: a folder of listing pages or site files"),
        ("index.html", "skipped: no cable table"),
        ("style.css", "skipped: not a cable page, cables.csv or text page"),
    }
    assert report.summary().count("skipped") == 1


def test_the_command_line_lists_skipped_files(site: Path, tmp_path: Path) -> None:
    env = dict(os.environ, CABLE_READER_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "desktop", "import", str(site),
                           "--library", str(tmp_path / "lib.db"), "--quiet"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"skipped: {site / 'tag'}: a folder of listing pages or site files" in done.stderr
    assert f"skipped: {site / 'index.html'}: no cable table" in done.stderr
