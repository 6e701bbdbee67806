"""Import benchmark: our importer against bare csv -> sqlite3 + FTS5 imports of the same file.

    python bench/bench_import.py [CSV] [--rows N] [--repeat N] [--no-wal] [--keep] [--json F]

Three imports of one file, as child processes, one after the other, in this run:

- **ours**: ``cable-reader import CSV --library NEW`` (a new library: the fresh path, a file
  built with the journal off and renamed into place);
- **bare**: ``csv.reader`` -> one 8-column table with ``executemany``, the journal and
  ``synchronous`` off, one transaction, then one FTS5 ``rebuild`` of an external-content index
  over the body; nothing parsed, nothing else indexed (the issue-11 baseline);
- **bare WAL**: ``bench/bare_import.py``, the same table and FTS index written row by row in
  WAL mode (the baseline before issue 11; ``--no-wal`` leaves it out).

With ``--repeat N`` ours and bare run N times each, alternately (ours, bare, ours, bare ...),
so that both see the same moments of a noisy machine; each pair's ratio and their median
are printed. The file is read once before the runs, so none of them reads it from the disk
(a cold first read of the full file cost the first import about 50 s). Peak memory is
sampled over the whole process tree (our importer parses in a helper process) every 0.1 s
from /proc; CPU time is user + system time of the tree; wall time is end to end. Generates
the synthetic cables.csv first when it is missing (bench/.data/; ``--rows N`` writes and
uses ``cables-N.csv``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bare_import import BATCH, INSERT_ROW, SCHEMA  # noqa: E402
from measure import file_size_mb, run_tree  # noqa: E402

DEFAULT_CSV = HERE / ".data" / "cables.csv"
TARGET_TIME, TARGET_PEAK_MB, TARGET_SIZE = 1.1, 150.0, 1.1


def bare_import(csv_path: Path, db_path: Path) -> int:
    """The bare baseline: every 8-field record into one table with the journal off, then one
    FTS5 ``rebuild``; returns the number of rows."""
    _remove(db_path)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.executescript(SCHEMA)
    csv.field_size_limit(sys.maxsize)
    count = 0
    batch: list[tuple[int | str, ...]] = []
    con.execute("BEGIN")
    with open(csv_path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, delimiter=",", quotechar='"', escapechar="\\",
                              doublequote=False):
            if len(row) != 8:
                continue
            count += 1
            batch.append((count, *row))
            if len(batch) >= BATCH:
                con.executemany(INSERT_ROW, batch)
                batch.clear()
    con.executemany(INSERT_ROW, batch)
    con.execute("COMMIT")
    con.execute("INSERT INTO cables_fts(cables_fts) VALUES ('rebuild')")
    con.close()
    return count


def _prepare(args: argparse.Namespace) -> tuple[Path, int, dict[str, object]]:
    csv_path: Path = args.csv
    if args.rows:
        csv_path = csv_path.with_name(f"cables-{args.rows}.csv")
    if not csv_path.exists():
        print(f"Generating {csv_path} …", flush=True)
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        gen = [sys.executable, str(HERE / "gen_cables_csv.py"), str(csv_path)]
        subprocess.run(gen + (["--rows", str(args.rows)] if args.rows else []), check=True)
    manifest = json.loads(Path(f"{csv_path}.manifest.json").read_text())
    return csv_path, int(manifest["valid_rows"]), manifest


def _run(kind: str, csv_path: Path, db: Path) -> dict[str, float | int | str]:
    if kind == "ours":
        cmd = [sys.executable, "-m", "desktop", "import", str(csv_path), "--library", str(db),
               "--quiet"]
    elif kind == "bare":
        cmd = [sys.executable, str(Path(__file__).resolve()), "--run-bare", str(csv_path),
               str(db)]
    else:
        cmd = [sys.executable, str(HERE / "bare_import.py"), str(csv_path), str(db)]
    print(f"  {kind} …", end="", flush=True)
    result = run_tree(cmd, cwd=ROOT)
    result["size_mb"] = file_size_mb(db)
    print(f" {float(result['wall_s']):.1f} s", flush=True)
    if result["returncode"] != 0:
        raise SystemExit(f"{kind} failed:\n{result['output']}")
    return result


def _remove(db: Path) -> None:
    """A database and its sidecars (not ``dbfiles.remove_db``: the bare baseline's process
    loads nothing of the app)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _read_through(path: Path, chunk: int = 1 << 24) -> None:
    """Read a file once, so that the first timed import does not read it from the disk
    while the later ones read it from memory."""
    with path.open("rb") as f:
        while f.read(chunk):
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--rows", type=int, default=None,
                        help="use (and generate) a file of N cables instead of the full size")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of ours and bare runs")
    parser.add_argument("--no-wal", action="store_true", help="leave out the WAL baseline")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--run-bare", nargs=2, type=Path, metavar=("CSV", "DB"),
                        help=argparse.SUPPRESS)  # the bare baseline, in its own process
    args = parser.parse_args(argv)
    if args.run_bare:
        start = time.perf_counter()
        rows = bare_import(*args.run_bare)
        print(f"{rows} rows imported in {time.perf_counter() - start:.1f} s")
        return 0

    csv_path, valid, manifest = _prepare(args)
    size_mb = csv_path.stat().st_size / (1024 * 1024)
    print(f"File: {csv_path} ({size_mb:,.0f} MiB, {valid:,} valid rows, "
          f"{len(manifest['bad_rows'])} bad rows)", flush=True)  # type: ignore[arg-type]
    start = time.perf_counter()
    _read_through(csv_path)  # into the page cache: no import pays for the first read
    print(f"Read once before the runs, untimed: {time.perf_counter() - start:.1f} s",
          flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=HERE / ".data"))
    dbs = {kind: work / f"{kind}.db" for kind in ("ours", "bare", "wal")}
    runs: dict[str, list[dict[str, float | int | str]]] = {"ours": [], "bare": [], "wal": []}
    imported = with_created = ids_read = folded = 0
    for n in range(args.repeat):
        print(f"Pair {n + 1} of {args.repeat}:", flush=True)
        for kind in ("ours", "bare"):
            _remove(dbs[kind])
            runs[kind].append(_run(kind, csv_path, dbs[kind]))
        con = sqlite3.connect(dbs["ours"])
        imported = con.execute("SELECT count(*) FROM cables").fetchone()[0]
        with_created = con.execute(
            "SELECT count(*) FROM cables WHERE created IS NOT NULL").fetchone()[0]
        # Every id read, a copy published under a malformed id included: those fold into the
        # cable under its correct id (issue 10), so there are fewer cables than rows.
        ids_read = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT CASE WHEN s.refid != '' THEN s.refid "
            "ELSE c.refid END FROM cable_sources s JOIN cables c ON c.id = s.cable_id)"
        ).fetchone()[0]
        folded = con.execute("SELECT count(*) FROM cable_sources WHERE refid != ''"
                             ).fetchone()[0]
        con.close()
    if not args.no_wal:
        runs["wal"].append(_run("wal", csv_path, dbs["wal"]))

    def median(kind: str, key: str) -> float:
        return statistics.median(float(r[key]) for r in runs[kind])

    pairs = [float(o["wall_s"]) / float(b["wall_s"])
             for o, b in zip(runs["ours"], runs["bare"], strict=True)]
    figures: dict[str, object] = {
        "csv": str(csv_path), "rows_valid": valid, "ours_imported": imported,
        "ours_with_created": with_created, "pair_ratios": [round(r, 3) for r in pairs],
        "time_ratio": round(statistics.median(pairs), 3),
    }
    for kind in ("ours", "bare", "wal"):
        if runs[kind]:
            figures[f"{kind}_wall_s"] = [round(float(r["wall_s"]), 1) for r in runs[kind]]
            figures[f"{kind}_cpu_pct"] = [round(100 * float(r["cpu_s"]) / float(r["wall_s"]))
                                          for r in runs[kind]]
            figures[f"{kind}_peak_mb"] = round(max(float(r["peak_mb"]) for r in runs[kind]), 1)
            figures[f"{kind}_size_mb"] = round(float(runs[kind][-1]["size_mb"]), 1)
    figures["size_ratio"] = round(float(runs["ours"][-1]["size_mb"])
                                  / float(runs["bare"][-1]["size_mb"]), 3)
    if runs["wal"]:
        figures["time_ratio_wal"] = round(median("ours", "wall_s") / median("wal", "wall_s"), 3)

    print()
    print(str(runs["ours"][-1]["output"]).strip())
    print()
    print(f"{'':26}{'ours':>10}{'bare':>10}{'ratio':>8}{'bare WAL':>10}{'ratio':>8}   target")
    wal = bool(runs["wal"])

    def row(label: str, key: str, fmt: str, ratio: str = "", ratio_wal: str = "",
            target: str = "") -> None:
        cells = [format(median(k, key), fmt) if runs[k] else "" for k in ("ours", "bare", "wal")]
        print(f"{label:26}{cells[0]:>10}{cells[1]:>10}{ratio:>8}{cells[2]:>10}"
              f"{ratio_wal:>8}   {target}")

    row("wall time (s), median", "wall_s", ",.1f", f"{figures['time_ratio']:.2f}",
        f"{figures['time_ratio_wal']:.2f}" if wal else "", f"<= {TARGET_TIME} x bare")
    cpu = {k: f"{100 * median(k, 'cpu_s') / median(k, 'wall_s'):.0f}%" for k in runs if runs[k]}
    print(f"{'CPU (user+sys / wall)':26}{cpu['ours']:>10}{cpu['bare']:>10}{'':>8}"
          f"{cpu.get('wal', ''):>10}")
    peaks = {k: f"{max(float(r['peak_mb']) for r in runs[k]):,.1f}" for k in runs if runs[k]}
    print(f"{'peak memory, tree (MiB)':26}{peaks['ours']:>10}{peaks['bare']:>10}{'':>8}"
          f"{peaks.get('wal', ''):>10}{'':>8}   ours <= {TARGET_PEAK_MB:.0f}")
    sizes = {k: float(runs[k][-1]["size_mb"]) for k in runs if runs[k]}
    size_wal = f"{sizes['wal']:,.1f}" if wal else ""
    ratio_wal = f"{sizes['ours'] / sizes['wal']:.2f}" if wal else ""
    print(f"{'index size (MiB)':26}{sizes['ours']:>10,.1f}{sizes['bare']:>10,.1f}"
          f"{figures['size_ratio']:>8.2f}{size_wal:>10}{ratio_wal:>8}   <= {TARGET_SIZE} x bare")
    if args.repeat > 1:
        print(f"pair ratios: {', '.join(f'{r:.2f}' for r in pairs)}")
    without = imported - with_created
    print(f"{'valid rows imported':26}{ids_read - without:>10,}   of {valid:,} valid rows "
          f"({folded:,} published under a malformed id, kept as aliases; {imported:,} cables, "
          f"{without:,} more kept without a creation time)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    if not args.keep:
        for db in dbs.values():
            _remove(db)
        work.rmdir()
    else:
        print(f"Databases kept in {work}")
    ok = (float(figures["time_ratio"]) <= TARGET_TIME  # type: ignore[arg-type]
          and max(float(r["peak_mb"]) for r in runs["ours"]) <= TARGET_PEAK_MB
          and float(figures["size_ratio"]) <= TARGET_SIZE  # type: ignore[arg-type]
          and ids_read - without == valid)
    print("All targets met." if ok else "Some targets are NOT met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
