"""Import benchmark: our importer against a bare csv -> sqlite3 + FTS5 import of the same file.

    python bench/bench_import.py [CSV] [--rows N] [--keep]

Generates the full-size synthetic cables.csv first when it is missing (bench/.data/). Both
imports run as child processes, one after the other, in this run. Peak memory is sampled
over the whole process tree (our importer parses in a helper process), every 0.1 s, from
/proc; wall time is end to end. Prints the figures and the targets.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from measure import file_size_mb, run_tree  # noqa: E402

DEFAULT_CSV = HERE / ".data" / "cables.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--rows", type=int, default=None,
                        help="generate a smaller file (default: full size, 251,287 cables)")
    parser.add_argument("--keep", action="store_true", help="keep both databases")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    csv_path: Path = args.csv
    if not csv_path.exists() or args.rows:
        if args.rows:
            csv_path = csv_path.with_name(f"cables-{args.rows}.csv")
        if not csv_path.exists():
            print(f"Generating {csv_path} …", flush=True)
            csv_path.parent.mkdir(parents=True, exist_ok=True)
            gen = [sys.executable, str(HERE / "gen_cables_csv.py"), str(csv_path)]
            subprocess.run(gen + (["--rows", str(args.rows)] if args.rows else []), check=True)
    manifest = json.loads(Path(f"{csv_path}.manifest.json").read_text())
    valid = int(manifest["valid_rows"])
    size_mb = csv_path.stat().st_size / (1024 * 1024)
    print(f"File: {csv_path} ({size_mb:,.0f} MiB, {valid:,} valid rows, "
          f"{len(manifest['bad_rows'])} bad rows)", flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=HERE / ".data"))
    ours_db, bare_db = work / "ours.db", work / "bare.db"
    print("Running our import …", flush=True)
    ours = run_tree([sys.executable, "-m", "desktop", "import", str(csv_path),
                     "--library", str(ours_db), "--quiet"], cwd=ROOT)
    print("Running the bare import …", flush=True)
    bare = run_tree([sys.executable, str(HERE / "bare_import.py"), str(csv_path), str(bare_db)],
                    cwd=ROOT)
    if ours["returncode"] != 0 or bare["returncode"] != 0:
        print(ours["output"], bare["output"])
        return 1

    import sqlite3

    con = sqlite3.connect(ours_db)
    imported = con.execute("SELECT count(*) FROM cables").fetchone()[0]
    refids_ok = con.execute("SELECT count(*) FROM cables WHERE created IS NOT NULL").fetchone()[0]
    con.close()
    ours_size, bare_size = file_size_mb(ours_db), file_size_mb(bare_db)
    figures = {
        "rows_valid": valid,
        "ours_imported": imported,
        "ours_with_created": refids_ok,
        "ours_wall_s": round(float(ours["wall_s"]), 1),
        "bare_wall_s": round(float(bare["wall_s"]), 1),
        "time_ratio": round(float(ours["wall_s"]) / float(bare["wall_s"]), 3),
        "ours_peak_mb": round(float(ours["peak_mb"]), 1),
        "bare_peak_mb": round(float(bare["peak_mb"]), 1),
        "ours_size_mb": round(ours_size, 1),
        "bare_size_mb": round(bare_size, 1),
        "size_ratio": round(ours_size / bare_size, 3),
    }
    print()
    print(ours["output"].strip())
    print()
    print(f"{'':28}{'ours':>12}{'bare':>12}{'ratio':>9}   target")
    print(f"{'wall time (s)':28}{figures['ours_wall_s']:>12,.1f}{figures['bare_wall_s']:>12,.1f}"
          f"{figures['time_ratio']:>9.2f}   <= 1.5")
    print(f"{'peak memory, tree (MiB)':28}{figures['ours_peak_mb']:>12,.1f}"
          f"{figures['bare_peak_mb']:>12,.1f}{'':>9}   ours <= 200")
    print(f"{'index size (MiB)':28}{figures['ours_size_mb']:>12,.1f}"
          f"{figures['bare_size_mb']:>12,.1f}{figures['size_ratio']:>9.2f}   <= 1.2")
    print(f"{'valid rows imported':28}{refids_ok:>12,}{'':>12}{'':>9}   = {valid:,} valid rows")
    print(f"{'(+ bad-date rows, kept)':28}{imported - refids_ok:>12,}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    if not args.keep:
        for db in (ours_db, bare_db):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        work.rmdir()
    else:
        print(f"Databases kept in {work}")
    ok = (figures["time_ratio"] <= 1.5 and figures["ours_peak_mb"] <= 200
          and figures["size_ratio"] <= 1.2 and refids_ok == valid)
    print("All targets met." if ok else "Some targets are NOT met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
