"""Reading lists benchmark: 100 lists of 1,000 cables each in one notes database.

    python bench/bench_lists.py [--dir FOLDER] [--lists 100] [--size 1000] [--repeat 50]

Times the reads the window makes (every list with its count for the tree, one list's refids
in order, the lists of one cable) and the writes a user makes (add, move, remove; each one
transaction, waiting for fsync: use --dir on the disk the user's data lives on). Prints
figures; asserts nothing. Targets: ``all()`` and ``refids()`` in a few milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from desktop.annotations.lists import ReadingLists  # noqa: E402
from desktop.annotations.store import NotesStore  # noqa: E402


def timed(name: str, fn: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"{name:44} median {statistics.median(times) * 1000:7.2f} ms   "
          f"worst {times[-1] * 1000:7.2f} ms   ({repeat} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--lists", type=int, default=100)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "notes.db"
        rng = random.Random(1)
        pool = [f"{rng.randint(66, 99) % 100:02d}EMBASSY{n}" for n in range(args.size * 20)]
        with NotesStore(path) as store:
            lists = ReadingLists(store)
            start = time.perf_counter()
            ids = []
            for n in range(args.lists):
                info = lists.create(f"List {n:03d}")
                lists.add(info.id, rng.sample(pool, args.size))
                ids.append(info.id)
            print(f"built {args.lists} lists x {args.size:,} cables in "
                  f"{time.perf_counter() - start:.2f} s "
                  f"({path.stat().st_size / 1e6:.1f} MB)")
        with NotesStore(path) as store:  # a fresh connection, as when the window starts
            lists = ReadingLists(store)
            middle = ids[len(ids) // 2]
            some = lists.refids(middle)
            timed("all() (names and counts)", lists.all, args.repeat)
            timed(f"refids() of a {args.size:,}-cable list", lambda: lists.refids(middle),
                  args.repeat)
            timed("lists_of(refid)", lambda: lists.lists_of(some[0]), args.repeat)
            timed("by_name()", lambda: lists.by_name("list 050"), args.repeat)
            writes = max(1, args.repeat // 5)
            timed("add() 1 cable at the end", lambda: lists.add(middle, [rng.choice(pool)]),
                  writes)
            timed("add() 1 cable before index 10", lambda: lists.add(middle, [rng.choice(pool)],
                                                                     before=10), writes)
            timed("move() 3 cables to the start",
                  lambda: lists.move(middle, rng.sample(some, 3), 0), writes)
            timed("move() 1 cable to the end",
                  lambda: lists.move(middle, [rng.choice(some)], len(lists.refids(middle))),
                  writes)
            timed("remove() 1 cable", lambda: lists.remove(middle, [rng.choice(some)]), writes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
