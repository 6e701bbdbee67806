"""Parse throughput of two versions of the parser on the same records of a cables.csv.

Usage: python tools/bench_parse.py [--csv FILE] [--records N] [--rounds R] [--block B] [--old DIR]

Reads the first N records of FILE (default bench/.data/cables.csv, 20,000 records) and
times ``parse_cable`` over them. ``--old DIR`` is a folder holding another version's
``desktop`` package and ``resources`` (export one without touching git state with
``mkdir /tmp/old && git archive COMMIT desktop resources | tar -x -C /tmp/old``): it is copied
to a temporary folder under the name ``olddesktop`` and imported beside this checkout, so
both versions parse in one process, taking turns every B records (default 500) for R rounds
(default 5). Turns that short make both versions see the same machine load, which on a
shared machine moves a single timing by 20 % or more.

Prints, per version, records per second of CPU time over all rounds, the ratio new / old,
and the median of the per-turn ratios. Reading the file is not timed; the one-off loading
of the data files the parser reads (once per import) is timed apart ("setup").
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_DATA_LOADERS = (("glossary", "tag_vocabulary"), ("glossary", "known_stations"),
                 ("glossary", "tag_core"), ("glossary", "known_words"),
                 ("refids", "release_ids"), ("refids", "alias_table"))


def import_as(package: str, source: Path | None) -> dict[str, ModuleType]:
    """The parse, records and CSV reader modules of ``package``; ``source`` (a folder with
    ``desktop`` and ``resources``) is first copied under that name, imports rewritten."""
    if source is not None:
        home = Path(tempfile.mkdtemp(prefix="bench_parse_"))
        atexit.register(shutil.rmtree, home, True)
        shutil.copytree(source / "desktop", home / package)
        shutil.copytree(source / "resources", home / "resources")
        for path in (home / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\b(from|import) desktop\b", rf"\1 {package}", text)
            path.write_text(text.replace('"desktop.', f'"{package}.'), encoding="utf-8")
        sys.path.insert(0, str(home))
    return {name: importlib.import_module(f"{package}.archive.{name}")
            for name in ("parse", "records", "sources.cables_csv")}


def setup_time(package: str, modules: dict[str, ModuleType], raw: Any) -> float:
    """CPU seconds to load the data files the parser reads, and parse one record."""
    start = time.process_time()
    for module, function in _DATA_LOADERS:
        try:
            getattr(importlib.import_module(f"{package}.archive.{module}"), function)()
        except (ImportError, AttributeError):
            continue  # a version without that file
    modules["parse"].parse_cable(raw)
    return time.process_time() - start


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "bench" / ".data" / "cables.csv")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--old", type=Path, default=None)
    args = parser.parse_args(argv[1:])
    sys.path.insert(0, str(ROOT))
    versions = {"new": ("desktop", import_as("desktop", None))}
    if args.old:
        versions["old"] = ("olddesktop", import_as("olddesktop", args.old.resolve()))
    records: dict[str, list[Any]] = {}
    for name, (package, modules) in versions.items():
        raw_type = modules["records"].RawCable
        reader = modules["sources.cables_csv"].read_cables_csv(args.csv)
        records[name] = [r for r in islice(reader, args.records) if isinstance(r, raw_type)]
        print(f"{name}: setup {setup_time(package, modules, records[name][0]) * 1000:.0f} ms")
    totals = dict.fromkeys(versions, 0.0)
    turn_ratios: list[float] = []
    count = len(records["new"])
    for n in range(args.rounds):
        for start in range(0, count, args.block):
            names = list(versions) if (n + start // args.block) % 2 == 0 else \
                list(reversed(versions))
            spent = {}
            for name in names:
                parse = versions[name][1]["parse"].parse_cable
                block = records[name][start : start + args.block]
                begin = time.process_time()
                for raw in block:
                    parse(raw)
                spent[name] = time.process_time() - begin
                totals[name] += spent[name]
            if "old" in spent and spent["new"] > 0:
                turn_ratios.append(spent["old"] / spent["new"])
    for name in versions:
        print(f"{name}: {count * args.rounds / totals[name]:,.0f} records/s "
              f"({count:,} records x {args.rounds} rounds, {totals[name]:.2f} s CPU)")
    if "old" in versions:
        print(f"new / old throughput: {totals['old'] / totals['new']:.3f} overall, "
              f"{statistics.median(turn_ratios):.3f} median of {len(turn_ratios)} turns")


if __name__ == "__main__":
    main(sys.argv)
