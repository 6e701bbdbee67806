"""Pack the PyInstaller build into the archive a user downloads (``make package`` runs it).

    python packaging/release.py [--dist dist]     # prints the archive's path

Linux: ``cable-reader-<version>-linux-x86_64.tar.gz``, one folder ``cable-reader-<version>/``
holding the program, ``install.sh``, the desktop entry and the AppStream metadata.
macOS: ``cable-reader-<version>-macos-<arch>.zip`` holding ``Cable Reader.app`` (made with
``ditto``, which keeps the bundle's links and signature). Windows:
``cable-reader-<version>-windows-x86_64.zip``, one folder as on Linux.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import build_config as cfg  # noqa: E402

from desktop import APP_NAME, __version__  # noqa: E402

LINUX_FILES = ["install.sh", "cable-reader.desktop"]  # from packaging/linux/, beside the program


def release_date() -> str:
    """The release's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else \
        dt.datetime.now(dt.timezone.utc)
    return when.strftime("%Y-%m-%d")


def metainfo(version: str, date: str) -> bytes:
    """The AppStream file with this release in ``<releases>``."""
    text = (HERE / "linux" / "cable-reader.metainfo.xml").read_text(encoding="utf-8")
    releases = (f'  <releases>\n    <release version="{version}" date="{date}"/>\n'
                "  </releases>\n")
    return text.replace("</component>", releases + "</component>").encode("utf-8")


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owned by nobody in particular; install.sh executable whatever the checkout says."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if info.name.endswith("/install.sh"):
        info.mode = 0o755
    return info


def pack_linux(build: Path, out: Path, version: str) -> None:
    top = f"{cfg.NAME}-{version}"
    with tarfile.open(out, "w:gz", compresslevel=9) as tar:
        for path in sorted(build.iterdir()):
            tar.add(path, f"{top}/{path.name}", filter=_normalise)
        for name in LINUX_FILES:
            tar.add(HERE / "linux" / name, f"{top}/{name}", filter=_normalise)
        data = metainfo(version, release_date())
        info = _normalise(tarfile.TarInfo(f"{top}/cable-reader.metainfo.xml"))
        info.size, info.mode = len(data), 0o644
        info.mtime = int((HERE / "linux" / "cable-reader.metainfo.xml").stat().st_mtime)
        tar.addfile(info, io.BytesIO(data))


def pack_windows(build: Path, out: Path, version: str) -> None:
    top = f"{cfg.NAME}-{version}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(build.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(build).as_posix()}")


def pack_macos(app: Path, out: Path) -> None:
    subprocess.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(app), str(out)],
                   check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="PyInstaller's output folder (default: dist)")
    args = parser.parse_args(argv)
    out = args.dist / cfg.archive_name(__version__)
    out.unlink(missing_ok=True)
    plat = cfg.system()
    if plat == "linux":
        pack_linux(args.dist / cfg.NAME, out, __version__)
    elif plat == "win32":
        pack_windows(args.dist / cfg.NAME, out, __version__)
    else:
        pack_macos(args.dist / f"{APP_NAME}.app", out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
