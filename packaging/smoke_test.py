"""Smoke test of a built app: python packaging/smoke_test.py [dist/cable-reader/cable-reader].

Runs the frozen binary on a fresh data folder: imports the bundled sample archive, shows the
seed cable as JSON, and renders the window to a PNG offscreen. Exits non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    binary = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist/cable-reader/cable-reader"
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, CABLE_READER_HOME=home, QT_QPA_PLATFORM="offscreen")
        seeds = binary.parent / "_internal" / "seeds"
        if not seeds.exists():
            seeds = binary.parent / "seeds"

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            done = subprocess.run([str(binary), *args], env=env, capture_output=True, text=True,
                                  timeout=600)
            print(f"$ cable-reader {' '.join(args)} -> {done.returncode}")
            if done.returncode != 0:
                print(done.stdout, done.stderr)
                raise SystemExit(1)
            return done

        run("import", str(seeds), "--quiet")
        shown = json.loads(run("show", "10DUSHANBE170", "--json").stdout)
        assert shown["created"] == "2010-02-10T12:22", shown["created"]
        png = Path(home) / "shot.png"
        run("--screenshot", str(png), "--open", "10DUSHANBE170")
        assert png.stat().st_size > 20000
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
