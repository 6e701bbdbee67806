"""The command line, run as a user runs it (a subprocess, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CSV_SAMPLE, FINAL_BUILD, ROOT, SEED_PAGE

JSON_KEYS = {"refid", "created", "released", "classification", "origin", "subject", "tags",
             "tags_raw", "references", "references_text", "header", "body", "paragraphs",
             "sources", "flags", "classified_by", "signed_by", "summary",
             "nondisclosure_deadline", "recipients", "info_recipients", "transmission_id"}


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CABLE_READER_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_import_show_search_stats(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.db")
    done = cli("import", str(SEED_PAGE), str(CSV_SAMPLE), "--library", lib, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "13 cables read (13 new" in done.stdout

    shown = cli("show", "10DUSHANBE170", "72TEHRAN1164", "--json", "--library", lib,
                home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    objects = [json.loads(line) for line in shown.stdout.splitlines()]
    assert [o["refid"] for o in objects] == ["10DUSHANBE170", "72TEHRAN1164"]
    seed = objects[0]
    assert set(seed) == JSON_KEYS
    assert seed["created"] == "2010-02-10T12:22"
    assert seed["released"] == "2011-08-30T01:44"
    assert seed["tags"] == ["PGOV", "PHUM", "KTIP", "TI"]
    assert seed["references"] == ["10STATE2094"]
    assert seed["paragraphs"][0] == {
        "ordinal": 1, "label": "1", "marking": "U", "key": seed["paragraphs"][0]["key"],
        "text": seed["paragraphs"][0]["text"]}
    assert seed["paragraphs"][1]["marking"] == "SBU"
    assert objects[1]["references"] == ["72MOSCOW1603", "72TEHRAN1091", "72TEHRAN263"]

    every = cli("show", "--all", "--json", "--library", lib, home=tmp_path)
    assert len(every.stdout.splitlines()) == 13

    found = cli("search", "trafficking", "--json", "--library", lib, home=tmp_path)
    assert found.returncode == 0
    assert json.loads(found.stdout.splitlines()[0])["refid"] == "10DUSHANBE170"

    bad = cli("search", '"unclosed', "--library", lib, home=tmp_path)
    assert bad.returncode == 2
    assert "closing quote" in bad.stderr and "Traceback" not in bad.stderr

    stats = cli("stats", "--json", "--library", lib, home=tmp_path)
    assert json.loads(stats.stdout)["cables"] == 13


def test_default_library_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    done = cli("import", str(FINAL_BUILD), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "library.db").exists()
    assert cli("show", "66BUENOSAIRES2481", home=tmp_path).returncode == 0


def test_exit_status_when_nothing_could_be_imported(tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_text("not, a, cables, file\n", encoding="utf-8")
    done = cli("import", str(junk), "--library", str(tmp_path / "l.db"), home=tmp_path)
    assert done.returncode == 1
    assert "junk.csv" in done.stderr and "cables.csv format" in done.stderr


def test_unknown_refid_and_missing_library_messages(tmp_path: Path) -> None:
    lib = str(tmp_path / "lib.db")
    cli("import", str(SEED_PAGE), "--library", lib, home=tmp_path)
    missing = cli("show", "99NOWHERE1", "--library", lib, home=tmp_path)
    assert missing.returncode == 1 and "99NOWHERE1 is not in the library" in missing.stderr
    not_db = tmp_path / "x.db"
    not_db.write_bytes(b"garbage" * 300)
    broken = cli("stats", "--library", str(not_db), home=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_notes_commands(tmp_path: Path) -> None:
    lib = ["--library", str(tmp_path / "lib.db")]
    assert cli("import", str(SEED_PAGE), str(CSV_SAMPLE), *lib, home=tmp_path).returncode == 0
    added = cli("notes", "add", "10DUSHANBE170", "2", "--text", "Answers *here*", "--colour",
                "green", "--labels", "tip,TIP, evidence", *lib, home=tmp_path)
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.strip()
    assert len(note_id) == 32
    assert cli("notes", "add", "10DUSHANBE170", "cable", "--text", "whole", *lib,
               home=tmp_path).returncode == 0
    ambiguous = cli("notes", "add", "10DUSHANBE170", "A", "--text", "x", *lib, home=tmp_path)
    assert ambiguous.returncode == 1 and "@3" in ambiguous.stderr
    listed = cli("notes", "list", "--json", *lib, home=tmp_path)
    objects = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {o["id"] for o in objects} >= {note_id}
    first = next(o for o in objects if o["id"] == note_id)
    assert first == {"id": note_id, "refid": "10DUSHANBE170", "label": "2", "ordinal": 2,
                     "text": "Answers *here*", "colour": "green", "labels": ["evidence", "tip"],
                     "orphaned": False, "citation": "10DUSHANBE170 ¶2"}
    markdown = cli("notes", "export", "--format", "md", *lib, home=tmp_path).stdout
    assert "10DUSHANBE170 ¶2" in markdown and "> Answers to questions from reftel" in markdown
    exported = tmp_path / "notes.json"
    assert cli("notes", "export", "--format", "json", "-o", str(exported), *lib,
               home=tmp_path).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    imported = cli("notes", "import", str(exported), *lib, "--notes", str(other / "n.db"),
                   home=tmp_path)
    assert imported.returncode == 0 and imported.stdout.startswith("2 new")
    again = cli("notes", "list", "--json", *lib, "--notes", str(other / "n.db"), home=tmp_path)
    assert [json.loads(x) for x in again.stdout.splitlines()] == objects
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    refused = cli("notes", "import", str(bad), *lib, home=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr


def test_first_use_starts_with_the_sample_archive(tmp_path: Path) -> None:
    """As the window's first run does: `cable-reader show REFID` works on a fresh machine."""
    shown = cli("show", "10DUSHANBE170", "--json", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "First use: importing the sample archive" in shown.stderr
    assert json.loads(shown.stdout)["refid"] == "10DUSHANBE170"
    again = cli("stats", home=tmp_path)
    assert "First use" not in again.stderr


def test_export_command(tmp_path: Path) -> None:
    from pypdf import PdfReader

    lib = ["--library", str(tmp_path / "lib.db")]
    assert cli("import", str(SEED_PAGE), str(CSV_SAMPLE), *lib, home=tmp_path).returncode == 0
    out = tmp_path / "x.pdf"
    done = cli("export", "10DUSHANBE170", "NOPE1", "-o", str(out), *lib, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "not in the library, left out: NOPE1" in done.stderr
    assert "Exported 1 cable (19 pages)" in done.stdout
    assert len(PdfReader(out).pages) == 19
    refused = cli("export", "10DUSHANBE170", "-o", str(out), *lib, home=tmp_path)
    assert refused.returncode == 1 and "already exists. Use --force" in refused.stderr
    forced = cli("export", "--tag", "KTIP", "-o", str(out), "--force", "--page-size", "Letter",
                 *lib, home=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert round(float(PdfReader(out).pages[0].mediabox.height)) == 792
    nothing = cli("export", "NOPE1", "NOPE2", "-o", str(tmp_path / "y.pdf"), *lib, home=tmp_path)
    assert nothing.returncode == 1 and "NOPE1, NOPE2" in nothing.stderr
    assert not (tmp_path / "y.pdf").exists()
    usage = cli("export", "10DUSHANBE170", *lib, home=tmp_path)
    assert usage.returncode == 2 and "-o FILE.pdf" in usage.stderr
    listed = tmp_path / "refs.txt"
    listed.write_text("# my list\n10DUSHANBE170\n\n66BUENOSAIRES2481  # the old one\n")
    split = cli("export", "--from", str(listed), "--split", str(tmp_path / "each"), *lib,
                home=tmp_path)
    assert split.returncode == 0, split.stderr
    assert sorted(p.name for p in (tmp_path / "each").iterdir()) == [
        "10DUSHANBE170.pdf", "66BUENOSAIRES2481.pdf"]


def test_cable_text_is_inert_on_a_terminal() -> None:
    import io

    from desktop.terminal import for_terminal

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    crafted = "A \x1b]0;pwned\x07 title, \x1b[2J a clear, \x9b31m a C1 CSI.\nNext\tline"
    shown = for_terminal(crafted, Tty())
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "A ^[]0;pwned^G title, ^[[2J a clear, \ufffd31m a C1 CSI.\nNext\tline"
    assert for_terminal(crafted, io.StringIO()) == crafted  # a pipe gets the text as it is
