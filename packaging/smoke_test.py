"""Smoke test of the release archive, run as a user runs it (``make package`` runs it).

    python packaging/smoke_test.py [ARCHIVE] [--json FILE]

Unpacks the archive into a temporary folder outside the source tree and drives the frozen
program there, on a fresh data folder, offscreen: ``--version``; an import of the sample
archive plus a generated cables.csv above the size that moves parsing into a helper process;
``stats``, ``show --json``, ``search``; ``notes add`` and ``notes list --json``; a PDF export
of one cable and one of more cables than make the export render in a helper process, both
read back with pypdf; ``--screenshot``; on Linux, install.sh into a scratch prefix. Under
strace (when there is one) it checks that no network connection is attempted, that the
helper processes ran (the frozen program started again with ``--multiprocessing-fork``),
and that the window opens nothing in the source tree. It prints the unpacked and archive
sizes and start-up times of the frozen program beside the same commands run from Python.
On Linux it also checks with ldd that every library the bundled ones need can be found.
Exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import build_config as cfg  # noqa: E402

from desktop import APP_NAME, __version__  # noqa: E402
from desktop.archive.pipeline import WORKER_MIN_BYTES  # noqa: E402
from desktop.export.pdf_render import WORKER_MIN_CABLES  # noqa: E402

SEED = "10DUSHANBE170"
NOTE = "Smoke test note: checked by packaging/smoke_test.py"
NETWORK = re.compile(r"\b(connect|sendto|sendmsg|bind)\(.*sa_family=AF_INET6?\b")
LAUNCHES = 3  # timed launches of each start-up figure (the best and the median are reported)


class Failed(Exception):
    """A check failed: the message says which and why."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def unpack(archive: Path, into: Path) -> Path:
    """Unpack the archive as a user would; returns the frozen program to run."""
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            if hasattr(tarfile, "tar_filter"):  # Python 3.11.4+: refuse paths leaving `into`
                tar.extractall(into, filter="tar")
            else:
                tar.extractall(into)  # noqa: S202
    elif sys.platform == "darwin":
        subprocess.run(["ditto", "-x", "-k", str(archive), str(into)], check=True)
    else:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)
    if sys.platform == "darwin":
        return into / f"{APP_NAME}.app" / "Contents" / "MacOS" / cfg.NAME
    top = into / f"{cfg.NAME}-{__version__}"
    return top / (f"{cfg.NAME}-cli.exe" if sys.platform == "win32" else cfg.NAME)


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``, links counted as links."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or path.is_file():
            total += path.lstat().st_size
            files += 1
    return total, files


class Runner:
    """Runs the frozen program (or, to compare, this Python's ``-m desktop``) on one data
    folder, under strace when it can, and keeps every strace log for the checks."""

    def __init__(self, program: Path, home: Path, work: Path):
        self.program = program
        self.work = work
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "QT_PLUGIN", "LD_LIBRARY"))}
        self.env.update(CABLE_READER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
        self.strace = shutil.which("strace") if sys.platform.startswith("linux") else None
        self.logs: dict[str, Path] = {}
        if self.strace and not self._strace_works():
            self.strace = None
        if not self.strace:
            print("(no working strace: the network and helper-process checks are skipped)")

    def _strace_works(self) -> bool:
        """Whether strace runs here, and sees a connection attempt (the control)."""
        log = self.work / "strace-control.log"
        attempt = ("import socket\ntry: socket.create_connection(('127.0.0.1', 9), 1)\n"
                   "except OSError: pass")
        done = subprocess.run([self.strace, "-f", "-qq", "--seccomp-bpf", "-e",
                               "trace=connect", "-o", str(log), sys.executable, "-c", attempt],
                              capture_output=True, text=True)
        return done.returncode == 0 and bool(NETWORK.search(log.read_text(errors="replace")))

    def run(self, name: str, *args: str, trace: str = "connect,sendto,sendmsg,bind,execve",
            python: bool = False, ok: bool = True) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "desktop", *args] if python else \
            [str(self.program), *args]
        if self.strace and not python:
            log = self.work / f"strace-{name}.log"
            self.logs[name] = log
            command = [self.strace, "-f", "-qq", "--seccomp-bpf", "-e", f"trace={trace}",
                       "-o", str(log), *command]
        done = subprocess.run(command, env=self.env, cwd=ROOT if python else self.work,
                              capture_output=True, text=True, encoding="utf-8", timeout=900)
        print(f"$ cable-reader {' '.join(args)} -> {done.returncode}"
              + (" (Python)" if python else ""))
        if ok and done.returncode != 0:
            raise Failed(f"{' '.join(args)} exited {done.returncode}\n{done.stdout[-3000:]}"
                         f"\n{done.stderr[-3000:]}")
        return done

    def timed(self, *args: str, python: bool = False) -> float:
        """Wall time of one run, not under strace."""
        saved, self.strace = self.strace, None
        try:
            start = time.perf_counter()
            self.run("timed", *args, python=python)
            return time.perf_counter() - start
        finally:
            self.strace = saved

    def helper_started(self, name: str) -> bool | None:
        """Whether the run started the frozen program again as a multiprocessing helper
        (None without strace)."""
        if name not in self.logs:
            return None
        return "--multiprocessing-fork" in self.logs[name].read_text(errors="replace")

    def network_attempts(self) -> list[str]:
        return [line for log in self.logs.values()
                for line in log.read_text(errors="replace").splitlines() if NETWORK.search(line)]


def make_csv(work: Path) -> Path:
    """A generated cables.csv bigger than the size that moves parsing into a helper."""
    csv = work / "cables.csv"
    target = int(WORKER_MIN_BYTES * 1.1)
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_cables_csv.py"), str(csv),
                    "--rows", str(target // 3000), "--target-bytes", str(target), "--jobs", "1"],
                   check=True, capture_output=True)
    check(csv.stat().st_size >= WORKER_MIN_BYTES, "the generated cables.csv is too small")
    return csv


def pdf_text(path: Path) -> tuple[Any, str]:
    """(reader, its text with white space folded) of a PDF."""
    import pypdf

    reader = pypdf.PdfReader(str(path))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def exercise(run: Runner, seeds: Path, work: Path, figures: dict[str, object]) -> None:
    """Every command a user would try, checked."""
    out = run.run("version", "--version").stdout.strip()
    check(out == f"{cfg.NAME} {__version__}", f"--version said {out!r}")

    csv = make_csv(work)
    start = time.perf_counter()
    run.run("import", "import", str(seeds), str(csv), "--quiet")
    figures["import_seconds"] = round(time.perf_counter() - start, 2)
    figures["import_bytes"] = csv.stat().st_size
    check(run.helper_started("import") is not False, "the import parsed without its helper")

    stats = json.loads(run.run("stats", "stats", "--json").stdout)
    check(stats["cables"] > 10_000, f"only {stats['cables']} cables after the import")
    shown = json.loads(run.run("show", "show", SEED, "--json").stdout)
    check(shown["created"] == "2010-02-10T12:22", f"show: created {shown['created']}")
    found = run.run("search", "search", "trafficking", "--json", "--limit", "60").stdout
    hits = [json.loads(line) for line in found.splitlines()]
    check(len(hits) >= WORKER_MIN_CABLES + 6, f"search found only {len(hits)} cables")
    check(SEED in {h["refid"] for h in hits}, "search did not find the seed cable")
    for style in ("chicago-notes-bibliography", "apa"):  # the bundled styles and locales
        cited = run.run(f"cite-{style}", "cite", SEED, "--format", "text", "--style", style).stdout
        check("Embassy Dushanbe" in cited and "TRAFFICKING" in cited.upper(),
              f"cite --style {style}: {cited!r}")
    ris = run.run("cite-ris", "cite", SEED, "--format", "ris").stdout
    check("TY  - " in ris and SEED in ris, f"cite --format ris: {ris!r}")

    run.run("notes-add", "notes", "add", SEED, "2", "--text", NOTE)
    listed = run.run("notes-list", "notes", "list", "--json").stdout
    notes = [json.loads(line) for line in listed.splitlines()]
    check([n["citation"] for n in notes if n["text"] == NOTE] == [f"{SEED} ¶2"],
          f"notes list: {notes}")

    one = work / "one.pdf"
    run.run("export-one", "export", SEED, "-o", str(one))
    reader, text = pdf_text(one)
    meta = reader.metadata
    check(meta["/Creator"] == f"{APP_NAME} {__version__}", f"PDF creator {meta['/Creator']!r}")
    check(NOTE in text and SEED in text, "the exported PDF lacks the cable or its note")

    refids = [h["refid"] for h in hits]
    listing = work / "refids.txt"
    listing.write_text("\n".join(refids) + "\n", encoding="utf-8")
    many = work / "many.pdf"
    start = time.perf_counter()
    run.run("export-many", "export", "--from", str(listing), "-o", str(many))
    figures["export_seconds"] = round(time.perf_counter() - start, 2)
    reader, text = pdf_text(many)
    figures["export_cables"], figures["export_pages"] = len(refids), len(reader.pages)
    check(len(reader.pages) > len(refids), "the PDF has fewer pages than cables")
    titles = [item["/Title"] for item in reader.outline if isinstance(item, dict)]
    unmarked = [r for r in refids if not any(t.split()[0] == r for t in titles)]
    check(unmarked == [], f"no bookmark for {unmarked} in {titles}")
    check(all(r in text for r in refids), "a cable is missing from the PDF's text")
    check(run.helper_started("export-many") is not False, "the export rendered without its helper")

    shot = work / "window.png"
    run.run("screenshot", "--screenshot", str(shot), "--open", SEED, "--size", "1280x800",
            trace="connect,sendto,sendmsg,bind,execve,open,openat")
    check(png_size(shot) == (1280, 800), f"screenshot is {png_size(shot)}")
    check(shot.stat().st_size > 20_000, "the screenshot looks empty")
    if "screenshot" in run.logs:
        opened = [line for line in run.logs["screenshot"].read_text(errors="replace").splitlines()
                  if "open" in line and f'"{ROOT}/' in line]
        check(opened == [], f"the frozen window opened files in the source tree: {opened[:5]}")


def libraries_resolve(internal: Path) -> None:
    """Every library a bundled one links to is in the bundle or on this machine: one that
    is neither was missing where the build ran, and the archive lacks it (Qt's xcb plugin
    needs libxcb-icccm4, libxcb-keysyms1 and others that a build machine may not have)."""
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal}/PySide6/Qt/lib"}
    missing = set()
    for path in internal.rglob("*.so*"):
        if path.is_file() and not path.is_symlink():
            out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
            missing |= {f"{path.name}: {line.split()[0]}" for line in out.splitlines()
                        if "not found" in line}
    check(not missing, f"libraries not found (install them where you build): {sorted(missing)}")
    print("ldd: every library the bundled ones link to is found")


def install_linux(program: Path, work: Path) -> None:
    """install.sh into a scratch prefix, the installed command, then --uninstall."""
    prefix = work / "prefix"
    env = {**os.environ, "PREFIX": str(prefix)}
    script = program.parent / "install.sh"
    subprocess.run([str(script)], env=env, check=True, capture_output=True)
    for path in ["bin/cable-reader", "share/applications/cable-reader.desktop",
                 "share/metainfo/cable-reader.metainfo.xml",
                 "share/icons/hicolor/48x48/apps/cable-reader.png",
                 "share/icons/hicolor/scalable/apps/cable-reader.svg"]:
        check((prefix / path).exists(), f"install.sh did not install {path}")
    entry = (prefix / "share/applications/cable-reader.desktop").read_text(encoding="utf-8")
    check(f'Exec="{prefix}/lib/cable-reader/cable-reader"' in entry, "the menu entry's Exec")
    out = subprocess.run([str(prefix / "bin" / "cable-reader"), "--version"], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    check(out == f"{cfg.NAME} {__version__}", f"installed --version said {out!r}")
    subprocess.run([str(script), "--uninstall"], env=env, check=True, capture_output=True)
    check(not (prefix / "bin/cable-reader").exists() and not (prefix / "lib/cable-reader").exists(),
          "install.sh --uninstall left the program behind")
    print("$ ./install.sh; cable-reader --version; ./install.sh --uninstall -> 0")


def start_up(run: Runner, figures: dict[str, object], work: Path, launches: int) -> None:
    """The frozen program beside Python, launched in turn: the interpreter's start
    (``--version``), and the start to a window that is shown, painted and written out."""
    shot = str(work / "timed.png")
    cases = {"version": ["--version"],
             "window": ["--screenshot", shot, "--open", SEED, "--size", "1280x800"]}
    for name, args in cases.items():
        times: dict[str, list[float]] = {"frozen": [], "python": []}
        for _ in range(launches):
            for kind in times:
                times[kind].append(run.timed(*args, python=kind == "python"))
        for kind, values in times.items():
            figures[f"{name}_{kind}_best"] = round(min(values), 3)
            figures[f"{name}_{kind}_median"] = round(statistics.median(values), 3)


def report(f: dict[str, Any], launches: int) -> None:
    mb = 1_000_000
    print(f"\narchive   {f['archive_bytes'] / mb:7.1f} MB  {f['archive']}")
    print(f"unpacked  {f['unpacked_bytes'] / mb:7.1f} MB  ({f['unpacked_files']} files)")
    print(f"import    {f['import_seconds']:7.1f} s   (the sample and a "
          f"{f['import_bytes'] / mb:.0f} MB cables.csv)")
    print(f"export    {f['export_seconds']:7.1f} s   ({f['export_cables']} cables, "
          f"{f['export_pages']} pages)")
    for name, what in (("version", "--version"), ("window", "start to a painted window")):
        print(f"{what}: frozen {f[f'{name}_frozen_best']:.2f} s (median "
              f"{f[f'{name}_frozen_median']:.2f}), Python {f[f'{name}_python_best']:.2f} s "
              f"(median {f[f'{name}_python_median']:.2f}); best of {launches}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path,
                        default=ROOT / "dist" / cfg.archive_name(__version__))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--launches", type=int, default=LAUNCHES,
                        help=f"timed launches of each start-up figure (default {LAUNCHES})")
    args = parser.parse_args(argv)
    archive = args.archive.resolve()
    figures: dict[str, object] = {"version": __version__, "archive": archive.name,
                                  "archive_bytes": archive.stat().st_size}
    with tempfile.TemporaryDirectory(prefix="cable-reader-smoke-") as tmp:
        work = Path(tmp)
        check(ROOT not in work.parents, "the scratch folder is inside the source tree")
        program = unpack(archive, work / "unpacked")
        figures["unpacked_bytes"], figures["unpacked_files"] = tree_size(work / "unpacked")
        check(program.exists(), f"no program at {program}")
        run = Runner(program, work / "home", work)
        seeds = program.parent / "_internal" / "seeds"
        if sys.platform == "darwin":
            seeds = program.parent.parent / "Resources" / "seeds"
        try:
            exercise(run, seeds, work, figures)
            if sys.platform.startswith("linux"):
                libraries_resolve(program.parent / "_internal")
                install_linux(program, work)
            if run.strace:
                attempts = run.network_attempts()
                check(attempts == [], f"network connections attempted: {attempts[:5]}")
                print(f"strace: no network connection in {len(run.logs)} traced runs; "
                      "the import and the export ran their helper processes")
            start_up(run, figures, work, args.launches)
        except Failed as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
    report(figures, args.launches)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
