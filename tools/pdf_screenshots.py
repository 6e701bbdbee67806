"""Make the PDF export's pictures in docs/: the first page of a single-cable export with
notes, and the cover and contents of a multi-cable export.

    python tools/pdf_screenshots.py [--out docs]

Builds a library from seeds/ and a notes database in a temporary folder, exports with
`cable-reader export`, and turns pages into PNGs with pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CABLE_NOTE = "Cited in *chapter 3*: the embassy's own account of its sources."
NOTE = ("**Key finding.** The government's figures come from IOM; compare with ¶D.\n\n"
        "- ask the NGO for the 2009 numbers\n- check the OSCE report")


def run(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dpi", type=int, default=80)
    opts = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "CABLE_READER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
        library = ["--library", str(home / "library.db")]
        run("import", str(ROOT / "seeds"), *library, "--quiet", env=env)
        run("notes", "add", "10DUSHANBE170", "cable", "--text", CABLE_NOTE, "--colour", "blue",
            "--labels", "chapter 3", *library, env=env)
        run("notes", "add", "10DUSHANBE170", "1", "--text", NOTE, "--colour", "green",
            "--labels", "sources,follow-up", *library, env=env)
        single, multi = home / "single.pdf", home / "multi.pdf"
        run("export", "10DUSHANBE170", "-o", str(single), *library, "--page-size", "A4",
            "--quiet", env=env)
        run("export", "10DUSHANBE170", "--origin", "Embassy Tehran", "-o", str(multi), *library,
            "--page-size", "A4", "--title", "Iran in the 1970s, and a report on Tajikistan",
            "--quiet", env=env)
        opts.out.mkdir(parents=True, exist_ok=True)
        for pdf, first, last, name in ((single, 1, 1, "pdf-single"), (multi, 1, 1, "pdf-cover"),
                                       (multi, 2, 2, "pdf-contents")):
            subprocess.run(["pdftoppm", "-r", str(opts.dpi), "-f", str(first), "-l", str(last),
                            "-png", str(pdf), str(home / name)], check=True)
            pages = sorted(home.glob(f"{name}-*.png"))
            for n, page in enumerate(pages):
                target = opts.out / (f"{name}.png" if len(pages) == 1 else f"{name}-{n + 1}.png")
                shutil.copy(page, target)
                print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
