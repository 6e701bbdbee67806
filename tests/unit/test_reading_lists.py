"""Reading lists: named, ordered, by refid in the notes database; they reorder, undo, merge,
survive a library rebuild and an export, and refuse writes on read-only notes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from desktop.annotations.exchange import (
    MergeCounts,
    export_json,
    from_json,
    import_json,
    merge,
    read_json,
    to_json,
)
from desktop.annotations.lists import ListInfo, ListRecord, ReadingLists
from desktop.annotations.store import COLUMNS, NotesStore, migrations
from desktop.archive.errors import StorageError
from desktop.archive.library import Library
from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.saved import list_cable_ids
from tests.conftest import ROOT
from tests.unit.test_notes_storage_errors import read_only

PARAGRAPHS = parse_paragraphs("UNCLAS X\n\n1. (U) First paragraph.\n\n2. (U) Second one.\n")
SEED = "10DUSHANBE170"
OLD = "66BUENOSAIRES2481"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as s:
        yield s


@pytest.fixture
def lists(store: NotesStore) -> ReadingLists:
    return ReadingLists(store)


def _commits(store: NotesStore) -> list[str]:
    """The COMMITs the store's connection runs from now on."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: seen.append(sql) if sql == "COMMIT" else None)
    return seen


# -- names ---------------------------------------------------------------------------------


def test_names_clash_in_any_case(lists: ReadingLists) -> None:
    tajik = lists.create("  Tajik   trafficking ")
    assert tajik.name == "Tajik trafficking" and tajik.count == 0
    for taken in ("TAJIK TRAFFICKING", "tajik\ttrafficking", "Tajik trafficking"):
        with pytest.raises(ValueError, match="already a list named “Tajik trafficking”"):
            lists.create(taken)
    assert lists.by_name("tajik  TRAFFICKING") == tajik
    assert lists.by_name("nothing") is None
    ete = lists.create("Été")
    with pytest.raises(ValueError, match="already"):
        lists.create("ÉTÉ")
    with pytest.raises(ValueError, match="already"):
        lists.rename(ete.id, "tajik trafficking")
    assert lists.rename(ete.id, "ÉTÉ").name == "ÉTÉ"  # its own name in another case
    with pytest.raises(ValueError, match="needs a name"):
        lists.create("   ")
    with pytest.raises(ValueError, match="at most 200"):
        lists.create("x" * 201)
    assert [i.name for i in lists.all()] == ["Tajik trafficking", "ÉTÉ"]


def test_all_counts_by_name_in_any_case(lists: ReadingLists) -> None:
    b, a, c = lists.create("beta"), lists.create("Alpha"), lists.create("Charlie")
    lists.add(b.id, ["1", "2", "3"])
    lists.add(c.id, ["1"])
    gone = lists.create("deleted")
    lists.add(gone.id, ["1"])
    lists.delete(gone.id)
    assert [(i.name, i.count) for i in lists.all()] == [("Alpha", 0), ("beta", 3),
                                                         ("Charlie", 1)]
    assert lists.get(a.id) == a
    assert lists.get("nope") is None
    assert [i.name for i in lists.lists_of("1")] == ["beta", "Charlie"]
    assert lists.lists_of("4") == []


# -- entries and order ---------------------------------------------------------------------


def test_add_appends_skips_and_inserts(lists: ReadingLists) -> None:
    info = lists.create("l")
    assert lists.add(info.id, ["A", "B", "C"]) == 3
    assert lists.add(info.id, ["B", " D ", "D", "A"]) == 1  # B, A already there
    assert lists.refids(info.id) == ["A", "B", "C", "D"]
    assert lists.add(info.id, ["X", "Y", "C"], before=1) == 2
    assert lists.refids(info.id) == ["A", "X", "Y", "B", "C", "D"]
    assert lists.add(info.id, ["Z"], before=0) == 1
    assert lists.add(info.id, ["END"], before=7) == 1
    assert lists.refids(info.id) == ["Z", "A", "X", "Y", "B", "C", "D", "END"]
    assert lists.add(info.id, ["A"]) == 0
    with pytest.raises(ValueError, match="0 to 8"):
        lists.add(info.id, ["Q"], before=9)
    with pytest.raises(ValueError, match="reference ids"):
        lists.add(info.id, [""])
    assert lists.get(info.id).count == 8  # type: ignore[union-attr]


@pytest.mark.parametrize(("moving", "before", "expected"), [
    (["D"], 0, "DABCEF"),         # to the start
    (["A"], 3, "BCADEF"),         # to the middle, forward
    (["E"], 1, "AEBCDF"),         # to the middle, backward
    (["B"], 6, "ACDEFB"),         # to the end
    (["E", "B"], 0, "BEACDF"),    # several: kept in their order in the list
    (["A", "C", "F"], 4, "BDACFE"),
    (["C", "D"], 3, "ABCDEF"),    # before one of themselves: where they are
    (["B", "nope"], 4, "ACDBEF"),  # a refid not in the list is ignored
])
def test_move(lists: ReadingLists, moving: list[str], before: int, expected: str) -> None:
    info = lists.create("l")
    lists.add(info.id, list("ABCDEF"))
    lists.move(info.id, moving, before)
    assert "".join(lists.refids(info.id)) == expected


def test_move_after_removals_and_no_op(lists: ReadingLists, store: NotesStore) -> None:
    info = lists.create("l")
    lists.add(info.id, list("ABCDEFGH"))
    lists.remove(info.id, ["B", "D", "G"])  # positions now have gaps
    assert lists.move(info.id, ["H"], 1)
    assert lists.move(info.id, ["A"], 5)
    assert "".join(lists.refids(info.id)) == "HCEFA"
    lists.move(info.id, ["C", "E"], 0)
    assert "".join(lists.refids(info.id)) == "CEHFA"
    updated = lists.get(info.id)
    assert not lists.move(info.id, ["C"], 0)  # nothing moves: no write, no change
    assert lists.get(info.id) == updated
    with pytest.raises(ValueError):
        lists.move(info.id, ["C"], 6)


def test_remove_and_replace_undo(lists: ReadingLists) -> None:
    info = lists.create("l")
    lists.add(info.id, list("ABCDE"))
    before = lists.refids(info.id)
    assert lists.remove(info.id, ["B", "nope", "D"]) == 2
    assert lists.refids(info.id) == ["A", "C", "E"]
    assert lists.replace(info.id, before)  # undo the removal
    assert lists.refids(info.id) == before
    lists.move(info.id, ["E"], 0)
    assert lists.replace(info.id, before) and lists.refids(info.id) == before  # undo a move
    assert not lists.replace(info.id, before)
    lists.add(info.id, ["F"], before=2)
    lists.replace(info.id, before)  # undo an add
    assert lists.refids(info.id) == before


def test_delete_and_restore(lists: ReadingLists) -> None:
    info = lists.create("Karzai")
    lists.add(info.id, [SEED, OLD])
    deleted = lists.delete(info.id)
    assert deleted.deleted is not None and deleted.count == 2
    assert lists.all() == [] and lists.by_name("karzai") is None
    assert lists.lists_of(SEED) == []
    assert lists.refids(info.id) == [SEED, OLD]  # kept for the undo
    for write in (lambda: lists.add(info.id, ["X"]), lambda: lists.rename(info.id, "y"),
                  lambda: lists.move(info.id, [SEED], 0), lambda: lists.remove(info.id, [SEED])):
        with pytest.raises(KeyError, match="deleted"):
            write()
    restored = lists.restore(info.id)
    assert restored.deleted is None and restored.name == "Karzai" and restored.count == 2
    assert restored.updated >= deleted.updated
    assert lists.refids(info.id) == [SEED, OLD]
    # Deleted, its name taken meanwhile: restored under a free name.
    lists.delete(info.id)
    lists.create("KARZAI")
    assert lists.restore(info.id).name == "Karzai (2)"
    assert lists.restore(info.id).name == "Karzai (2)"  # restoring a live list: no change
    with pytest.raises(KeyError):
        lists.delete("no such id")


def test_each_operation_is_one_transaction(lists: ReadingLists, store: NotesStore) -> None:
    commits = _commits(store)
    info = lists.create("l")
    lists.add(info.id, [f"R{n}" for n in range(300)])
    lists.add(info.id, ["X", "Y"], before=10)
    lists.move(info.id, ["R5", "R200", "X"], 0)
    lists.remove(info.id, ["R1", "R2"])
    lists.rename(info.id, "m")
    lists.delete(info.id)
    lists.restore(info.id)
    assert len(commits) == 8  # one per operation


def test_counts_and_order_hold_through_many_edits(lists: ReadingLists, store: NotesStore,
                                                 tmp_path: Path) -> None:
    """Random edits against a plain Python list: the same order, and counts (kept by
    triggers) equal to a GROUP BY of the entries; moves into a crowded spot renumber."""
    import random

    rng = random.Random(7)
    info = lists.create("l")
    model: list[str] = []
    for step in range(400):
        kind = rng.choice(["add", "insert", "move", "remove"])
        if kind == "add" or not model:
            fresh = [f"R{rng.randrange(200)}" for _ in range(rng.randint(1, 5))]
            lists.add(info.id, fresh)
            model += [r for r in dict.fromkeys(fresh) if r not in model]
        elif kind == "insert":
            fresh = [r for r in dict.fromkeys(f"R{rng.randrange(200)}" for _ in range(3))
                     if r not in model]
            at = rng.randint(0, len(model))
            lists.add(info.id, fresh, before=at)
            model[at:at] = fresh
        elif kind == "move":
            moving = rng.sample(model, min(len(model), rng.randint(1, 4)))
            at = rng.choice([0, 1, len(model)] + [rng.randint(0, len(model))])
            lists.move(info.id, moving, at)
            picked = [r for r in model if r in moving]
            rest = [r for r in model if r not in moving]
            k = sum(1 for r in model[:at] if r not in moving)
            model = rest[:k] + picked + rest[k:]
        else:
            gone = rng.sample(model, min(len(model), 2))
            lists.remove(info.id, gone)
            model = [r for r in model if r not in gone]
        assert lists.refids(info.id) == model, step
    counted = dict(store.db.execute("SELECT list_seq, count(*) FROM list_entries "
                                    "GROUP BY list_seq").fetchall())
    sizes = dict(store.db.execute("SELECT seq, size FROM lists").fetchall())
    assert sizes == counted and lists.get(info.id).count == len(model)  # type: ignore[union-attr]
    for n in range(12):  # always before the same entry: the gap there runs out
        lists.add(info.id, [f"N{n}"], before=1)
    assert lists.refids(info.id)[1:13] == [f"N{n}" for n in reversed(range(12))]


def test_updated_moves_on_with_each_change(lists: ReadingLists, store: NotesStore) -> None:
    info = lists.create("l")

    def backdate() -> None:
        with store.writing() as conn:
            conn.execute("UPDATE lists SET updated = '2000-01-01T00:00:00Z'")

    backdate()
    for change in (lambda: lists.add(info.id, ["A", "B"]), lambda: lists.move(info.id, ["B"], 0),
                   lambda: lists.remove(info.id, ["A"]), lambda: lists.rename(info.id, "n")):
        change()
        assert lists.get(info.id).updated > "2000"  # type: ignore[union-attr]
        backdate()


# -- the library ---------------------------------------------------------------------------


def test_lists_survive_a_library_rebuild(library_copy: Path, lists: ReadingLists) -> None:
    from desktop.archive.rebuild import rebuild

    with Library(library_copy) as lib:
        some = [r[0] for r in lib.conn.execute(
            "SELECT refid FROM cables ORDER BY created DESC LIMIT 5")]
        alias = lib.conn.execute("SELECT alias FROM cable_aliases LIMIT 1").fetchone()[0]
    wanted = [SEED, *some[:2], "99NOWHERE1", alias, OLD, *some[2:]]
    info = lists.create("Story")
    lists.add(info.id, wanted)

    def resolved(path: Path) -> tuple[list[str], list[str]]:
        with Library(path) as lib:
            ids, missing = list_cable_ids(lib, lists.refids(info.id))
            rows = lib.list_rows(ids)
            return [rows[i].refid for i in ids], missing

    before = resolved(library_copy)
    assert before[1] == ["99NOWHERE1"]
    assert before[0][0] == SEED and OLD in before[0]
    result = rebuild(library_copy)
    assert result.replaced
    assert resolved(library_copy) == before  # new ids, the same cables in the same order
    with Library(library_copy) as lib:
        ids, _ = list_cable_ids(lib, lists.refids(info.id))
        assert ids == list(dict.fromkeys(ids))


# -- export and import ---------------------------------------------------------------------


def _filled(lists: ReadingLists) -> tuple[ListInfo, ListInfo]:
    story = lists.create("Story")
    lists.add(story.id, ["C", "A", "B"])
    lists.move(story.id, ["B"], 0)
    gone = lists.create("Gone")
    lists.add(gone.id, ["Z"])
    lists.delete(gone.id)
    return story, gone


def test_export_import_round_trip_into_a_fresh_database(
        store: NotesStore, lists: ReadingLists, tmp_path: Path) -> None:
    store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "a note")
    story, gone = _filled(lists)
    text = export_json(store)
    document = json.loads(text)
    assert document["version"] == 1
    assert [x["name"] for x in document["lists"]] == ["Story", "Gone"]
    assert [e["refid"] for e in document["lists"][0]["entries"]] == ["B", "C", "A"]
    assert document["lists"][1]["deleted"] is not None  # the tombstone travels
    with NotesStore(tmp_path / "fresh.db") as fresh:
        result = import_json(fresh, text)
        assert (result.added, result.lists) == (1, MergeCounts(added=2))
        other = ReadingLists(fresh)
        assert other.records() == lists.records()
        assert [(i.name, i.count) for i in other.all()] == [("Story", 3)]
        assert other.refids(story.id) == ["B", "C", "A"]
        assert other.restore(gone.id).count == 1  # the deleted list can be undone there too
        again = import_json(fresh, text)  # Gone was restored since: the tombstone loses
        assert (again.lists.added, again.lists.updated) == (0, 0)
        assert other.get(gone.id).deleted is None  # type: ignore[union-attr]


def test_import_merges_into_an_existing_database(
        store: NotesStore, lists: ReadingLists, tmp_path: Path) -> None:
    story, _ = _filled(lists)
    with NotesStore(tmp_path / "mine.db") as mine:
        my_lists = ReadingLists(mine)
        mine_story = my_lists.create("STORY")  # another list, the same name in another case
        my_lists.add(mine_story.id, ["M"])
        result = import_json(mine, export_json(store))
        assert result.lists.added == 2
        assert result.lists.renamed == (("Story", "Story (2)"),)
        assert [(i.name, i.count) for i in my_lists.all()] == [("STORY", 1), ("Story (2)", 3)]
        # Newer wins, whole: its name and its entries in order; older is skipped.
        lists.add(story.id, ["D"], before=0)
        lists.rename(story.id, "Story, revised")
        newer = [r for r in lists.records() if r.id == story.id][0]
        newer = ListRecord(newer.id, newer.name, newer.created, "2100-01-01T00:00:00Z",
                           None, newer.entries)
        result = merge(mine, [], lists=[newer])
        assert result.lists == MergeCounts(updated=1)
        assert my_lists.refids(story.id) == ["D", "B", "C", "A"]
        assert my_lists.get(story.id).name == "Story, revised"  # type: ignore[union-attr]
        older = ListRecord(newer.id, "old name", newer.created, "2001-01-01T00:00:00Z", None, ())
        assert merge(mine, [], lists=[older]).lists == MergeCounts(skipped_older=1)
        assert my_lists.get(story.id).name == "Story, revised"  # type: ignore[union-attr]
        # A deletion that is newer travels.
        tomb = ListRecord(newer.id, newer.name, newer.created, newer.updated,
                          "2100-01-02T00:00:00Z", newer.entries)
        assert merge(mine, [], lists=[tomb]).lists.updated == 1
        assert [i.name for i in my_lists.all()] == ["STORY"]


def test_an_import_is_one_transaction(store: NotesStore, lists: ReadingLists,
                                      tmp_path: Path) -> None:
    store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "a note")
    _filled(lists)
    text = export_json(store)
    with NotesStore(tmp_path / "other.db") as other:
        commits = _commits(other)
        import_json(other, text)
        assert len(commits) == 1


def test_an_export_without_lists_still_imports(store: NotesStore, tmp_path: Path) -> None:
    note = store.add("10X1", PARAGRAPHS[0], PARAGRAPHS, "a note").note
    old = to_json([note])
    assert "lists" not in json.loads(old)
    assert read_json(old).lists == () and from_json(old) == [note]
    with NotesStore(tmp_path / "other.db") as other:
        result = import_json(other, old)
        assert result.added == 1 and result.lists == MergeCounts()
        assert ReadingLists(other).all() == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["lists"][0].update(entries="x"), "'entries' must be a list"),
    (lambda d: d["lists"][0]["entries"].append({"refid": "B", "added": "2020-01-01T00:00:00Z"}),
     "the cable B appears twice"),
    (lambda d: d["lists"][0].update(name=" "), "needs a name"),
    (lambda d: d["lists"][0].update(updated="yesterday"), "'updated' must be a UTC time"),
    (lambda d: d["lists"][0].pop("entries"), "lacks the field"),
    (lambda d: d["lists"].append(d["lists"][0]), "list id .* appears twice"),
    (lambda d: d.update(lists={}), "'lists' is not a list"),
])
def test_a_malformed_list_is_refused(lists: ReadingLists, store: NotesStore, change,  # type: ignore[no-untyped-def]
                                     message: str) -> None:
    _filled(lists)
    document = json.loads(export_json(store))
    change(document)
    with pytest.raises(ValueError, match=message):
        read_json(json.dumps(document))


# -- storage -------------------------------------------------------------------------------


def _old_notes_db(path: Path, count: int = 3) -> list[str]:
    """A notes database as Cable Reader wrote it before reading lists (m001 only)."""
    from desktop.annotations.anchoring import new_note
    from desktop.annotations.models import utc_now

    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m002_lists")
    ids = []
    for n in range(count):
        note = new_note("10X1", PARAGRAPHS[n % 2], PARAGRAPHS, text=f"note {n}", colour="yellow",
                        labels=("old",), now=utc_now())
        values = [getattr(note, c) for c in COLUMNS]
        values[COLUMNS.index("labels")] = json.dumps(list(note.labels))
        db.conn.execute(f"INSERT INTO notes ({', '.join(COLUMNS)}) "
                        f"VALUES ({', '.join('?' for _ in COLUMNS)})", values)
        ids.append(note.id)
    db.conn.commit()
    db.close()
    return ids


def test_a_notes_database_from_before_lists_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    ids = _old_notes_db(path)
    tables = {r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "notes" in tables and "lists" not in tables
    with NotesStore(path, readonly=True) as old:  # read-only: not upgraded, still read
        assert ReadingLists(old).all() == [] and ReadingLists(old).by_name("x") is None
        assert ReadingLists(old).lists_of("10X1") == [] and old.count() == 3
        with pytest.raises(StorageError) as refused:
            ReadingLists(old).create("x")
        assert refused.value.kind == "readonly"
    with NotesStore(path) as store:
        assert sorted(n.id for n in store.all_notes()) == sorted(ids)
        assert {n.labels for n in store.all_notes()} == {("old",)}
        lists = ReadingLists(store)
        info = lists.create("new")
        lists.add(info.id, ["10X1"])
        applied = [m.name for m in migrations.applied(store.db)]
        assert applied == ["m001_notes", "m002_lists", "m003_saved_searches"]
    with NotesStore(path) as store:
        assert store.count() == 3 and ReadingLists(store).refids(info.id) == ["10X1"]


def test_read_only_notes_refuse_writes_and_still_read(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "notes.db"
    with NotesStore(path) as store:
        info = ReadingLists(store).create("kept")
        ReadingLists(store).add(info.id, ["A", "B"])
    with read_only(folder), NotesStore(path) as store:  # a read-only folder, as users meet it
        assert store.readonly
        _refuses_writes(ReadingLists(store), info)
    with NotesStore(path, readonly=True) as store:  # opened read-only on purpose
        _refuses_writes(ReadingLists(store), info)
    with NotesStore(path) as store:
        assert ReadingLists(store).refids(info.id) == ["A", "B"]


def _refuses_writes(lists: ReadingLists, info: ListInfo) -> None:
    assert [i.name for i in lists.all()] == ["kept"] and lists.refids(info.id) == ["A", "B"]
    for write in (lambda: lists.create("x"), lambda: lists.add(info.id, ["C"]),
                  lambda: lists.move(info.id, ["B"], 0), lambda: lists.remove(info.id, ["A"]),
                  lambda: lists.rename(info.id, "y"), lambda: lists.delete(info.id)):
        with pytest.raises(StorageError) as refused:
            write()
        assert refused.value.kind == "readonly"
        assert "not a Cable Reader notes database" not in str(refused.value)


# -- the command line ----------------------------------------------------------------------


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CABLE_READER_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_lists_commands(library_copy: Path, tmp_path: Path) -> None:
    files = ["--library", str(library_copy), "--notes", str(tmp_path / "n.db")]
    home = tmp_path / "home"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return cli("lists", *args, *files, home=home)

    empty = run()
    assert empty.returncode == 0 and "No reading lists yet" in empty.stdout
    assert run("create", "Tajik").returncode == 0
    clash = run("create", "TAJIK")
    assert clash.returncode == 1 and "already a list named “Tajik”" in clash.stderr
    added = run("add", "tajik", SEED, OLD.lower(), SEED)
    assert added.returncode == 0, added.stderr
    assert "Added 2 cables to Tajik" in added.stdout
    unknown = run("add", "Tajik", "99NOWHERE1", SEED)
    assert unknown.returncode == 1
    assert "not in the library: 99NOWHERE1 (nothing added)" in unknown.stderr
    assert unknown.stderr.count("\n") == 1
    shown = run("show", "TAJIK")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Tajik: 2 cables"
    assert lines[1].startswith(SEED) and "TAJIKISTAN" in lines[1].upper()
    assert lines[2].startswith(OLD)
    assert run().stdout.split() == ["2", "cables", "Tajik"]
    no_list = run("show", "Nope")
    assert no_list.returncode == 1 and "no reading list is named 'Nope'" in no_list.stderr
    assert "the lists are: Tajik" in no_list.stderr and "Traceback" not in no_list.stderr
    removed = run("remove", "Tajik", SEED, "99NOWHERE1")
    assert removed.returncode == 1 and "not in the list Tajik: 99NOWHERE1" in removed.stderr
    assert run("rename", "tajik", "Buenos Aires").returncode == 0
    assert run("show", "buenos aires").stdout.splitlines()[1].startswith(OLD)
    deleted = run("delete", "Buenos Aires")
    assert deleted.returncode == 0 and "Deleted the list Buenos Aires (1 cable)" in deleted.stdout
    assert "No reading lists yet" in run().stdout


def test_cite_and_export_a_list(library_copy: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    notes = tmp_path / "n.db"
    with NotesStore(notes) as store:
        lists = ReadingLists(store)
        info = lists.create("Two cables")
        lists.add(info.id, [OLD, SEED])
    files = ["--library", str(library_copy), "--notes", str(notes)]
    cited = cli("cite", "--list", "two CABLES", "--format", "csl", *files, home=tmp_path)
    assert cited.returncode == 0, cited.stderr
    assert [item["id"] for item in json.loads(cited.stdout)] == [OLD, SEED]
    nothing = cli("cite", "--list", "nope", *files, home=tmp_path)
    assert nothing.returncode == 2 and "no reading list is named 'nope'" in nothing.stderr
    out = tmp_path / "list.pdf"
    done = cli("export", "--list", "Two cables", "-o", str(out), "--quiet", *files,
               home=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = PdfReader(out)
    assert pdf.metadata is not None and pdf.metadata.title == "Two cables"
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Two cables" in text and text.index(OLD) < text.index(SEED)
    missing = cli("export", "--list", "nope", "-o", str(tmp_path / "x.pdf"), *files,
                  home=tmp_path)
    assert missing.returncode == 2 and "no reading list" in missing.stderr


def test_the_lists_command_on_read_only_notes(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "notes.db"
    with NotesStore(path) as store:
        ReadingLists(store).create("kept")
    files = ["--notes", str(path), "--library", str(tmp_path / "none.db")]
    with read_only(folder):
        listed = cli("lists", *files, home=tmp_path)
        assert listed.returncode == 0 and "kept" in listed.stdout
        refused = cli("lists", "create", "new", *files, home=tmp_path)
        assert refused.returncode == 1 and "cannot be saved" in refused.stderr
        assert len(refused.stderr.splitlines()) == 1
