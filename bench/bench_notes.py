"""Notes benchmark: saving a note, listing 10,000 notes, and re-anchoring 50 notes on a cable.

    python bench/bench_notes.py [--dir FOLDER] [--notes 10000] [--saves 200]

The notes database is made in a temporary folder (or under --dir: use a folder on the disk the
user's data lives on, since every save waits for fsync). Prints figures; asserts nothing.
Targets: a save <= 20 ms; the notes panel with 10,000 notes open in <= 200 ms (the store's
share must be a small part of it); 50 notes placed on a cable well under 20 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desktop.annotations.anchoring import new_note, place_all  # noqa: E402
from desktop.annotations.models import COLOURS, Note, new_note_id  # noqa: E402
from desktop.annotations.store import NotesStore  # noqa: E402
from desktop.archive.paragraphs import paragraph_key, parse_paragraphs  # noqa: E402
from desktop.archive.parse import parse_cable  # noqa: E402
from desktop.archive.records import Paragraph, RawCable  # noqa: E402
from desktop.archive.sources import read_source  # noqa: E402

SEED_PAGE = ROOT / "tests" / "fixtures" / "seed_10DUSHANBE170.txt"
WORDS = ["embassy", "minister", "election", "trafficking", "border", "oil", "nuclear", "refugee",
         "corruption", "court", "police", "visa", "report", "source", "officials", "parliament",
         "budget", "army", "treaty"]
T = TypeVar("T")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[list[float], T]:
    times: list[float] = []
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def summary(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"  {name:<44} median {ms(statistics.median(ordered))}   p95 {ms(p95)}"
          f"   max {ms(ordered[-1])}   (n={len(ordered)})")


def seed_paragraphs() -> tuple[str, tuple[Paragraph, ...]]:
    raw = next(iter(read_source(SEED_PAGE)))
    assert isinstance(raw, RawCable)
    cable = parse_cable(raw)
    return cable.body, parse_paragraphs(cable.body)


def fake_notes(count: int, paragraphs: tuple[Paragraph, ...], rnd: random.Random) -> list[Note]:
    notes = []
    for n in range(count):
        p = paragraphs[n % len(paragraphs)]
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 60)))
        day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
        note = new_note(f"{(66 + n % 45) % 100:02d}POST{n // 3}", p, paragraphs,
                        text=text, colour=rnd.choice(COLOURS),
                        labels=tuple(rnd.sample(WORDS, rnd.randint(0, 3))), now=day)
        notes.append(note)
    return notes


def bench_store(folder: Path, count: int, saves: int) -> None:
    _, paragraphs = seed_paragraphs()
    rnd = random.Random(1)
    with NotesStore(folder / "notes.db") as store:
        _, _ = timed(lambda: store.put_many(fake_notes(count, paragraphs, rnd)))
        print(f"store: {store.count():,} notes in {folder / 'notes.db'} "
              f"({(folder / 'notes.db').stat().st_size / 1e6:.1f} MB + WAL)")
        adds, _ = timed(lambda: store.add("10DUSHANBE170", paragraphs[rnd.randrange(49)],
                                          paragraphs, "A new note with *some* text"), saves)
        summary("add (commit + fsync)", adds)
        ids = [n.id for n in store.query(limit=saves)]
        updates = [timed(partial(store.update, i, text=f"edited {new_note_id()}"))[0][0]
                   for i in ids]
        summary("update text (commit + fsync)", updates)
        deletes = [timed(partial(store.delete, i))[0][0] for i in ids[:50]]
        summary("delete (tombstone)", deletes)
        for i in ids[:50]:
            store.restore(i)
        total = store.count()
        q_all, notes = timed(lambda: store.query(), 10)
        summary(f"query() -> all {len(notes):,} notes", q_all)
        q_ids, ids = timed(lambda: store.query_ids(), 10)
        summary(f"query_ids() -> all {len(ids):,} ids", q_ids)
        summary("get_many(50 ids): a screenful of rows",
                timed(lambda: store.get_many(ids[5000:5050]), 10)[0])
        summary("annotated_refids()", timed(store.annotated_refids, 10)[0])
        summary("labels()", timed(store.labels, 10)[0])
        summary("count()", timed(store.count, 10)[0])
        summary("for_cable('10DUSHANBE170')", timed(lambda: store.for_cable("10DUSHANBE170"),
                                                      10)[0])
        summary("query('traffick'): FTS, ~all notes match",
                timed(lambda: store.query("traffick"), 10)[0])
        summary("query('skeptic'): FTS, a few hundred match",
                timed(lambda: store.query("skeptic"), 10)[0])
        summary("query('border', colour='blue')",
                timed(lambda: store.query("border", colour="blue"), 10)[0])
        summary("query(label='oil')", timed(lambda: store.query(label="oil"), 10)[0])
        print(f"  ({total:,} live notes)")


def bench_anchoring() -> None:
    body, paragraphs = seed_paragraphs()
    print(f"anchoring: 50 notes on 10DUSHANBE170 ({len(paragraphs)} paragraphs, "
          f"{sum(len(p.text) for p in paragraphs):,} characters of text)")
    notes = [new_note("10DUSHANBE170", paragraphs[i % len(paragraphs)], paragraphs, text="n",
                      colour="yellow", labels=(), now="2026-01-01T00:00:00Z")
             for i in range(50)]
    same = parse_paragraphs(body)
    summary("place_all, same text (all by key)", timed(lambda: place_all(notes, same), 50)[0])
    shifted = tuple(dataclasses.replace(
        p, ordinal=p.ordinal + 1, key=paragraph_key(p.ordinal + 1, p.label, p.text))
        for p in paragraphs)
    summary("place_all, renumbered (label+hash)", timed(lambda: place_all(notes, shifted), 50)[0])
    edited = parse_paragraphs(re.sub(r"\b(the|and|of)\b", "XX", body))
    times, placed = timed(lambda: place_all(notes, edited), 50)
    methods = sorted({p.method for p in placed})
    summary(f"place_all, every paragraph edited ({'/'.join(methods)})", times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="folder for the notes database")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        bench_store(Path(folder), args.notes, args.saves)
    bench_anchoring()


if __name__ == "__main__":
    main()
