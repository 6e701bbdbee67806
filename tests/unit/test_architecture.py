"""The core stays free of Qt: archive, notes, rendering and the Qt-free export formats; the
PDF writer uses QtGui only, never QtWidgets or the window's code."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

QT_FREE = ["desktop/archive", "desktop/annotations", "desktop/render", "desktop/cite"]
QT_FREE_FILES = ["desktop/cli.py", "desktop/paths.py", "desktop/notes_cli.py",
                 "desktop/terminal.py", "desktop/cite_cli.py", "desktop/wording.py",
                 "desktop/lists_cli.py"]
#: The export's modules that paint with Qt (QtGui and QtCore only).
QT_EXPORT = {"pdf.py", "pdf_pages.py", "qt_document.py"}
QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, fully qualified (``PySide6.QtGui``, ``desktop.ui.x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_core_imports_no_qt() -> None:
    files = [f for d in QT_FREE for f in (ROOT / d).rglob("*.py")]
    files += [ROOT / f for f in QT_FREE_FILES]
    export = ROOT / "desktop" / "export"
    files += [f for f in export.rglob("*.py") if f.name not in QT_EXPORT]
    assert len(files) > 10
    offenders = [str(f.relative_to(ROOT)) for f in files if _top(_imports(f)) & QT]
    assert offenders == []


def test_the_pdf_writer_uses_qtgui_only() -> None:
    export = ROOT / "desktop" / "export"
    for name in QT_EXPORT:
        names = _imports(export / name)
        qt = {n for n in names if n.split(".")[0] in QT}
        assert qt, f"{name} is expected to paint with Qt"
        modules = {".".join(n.split(".")[:2]) for n in qt}
        assert modules <= {"PySide6.QtGui", "PySide6.QtCore"}, (name, modules)
        assert not any(n.startswith("desktop.ui") for n in names), name


def test_the_command_line_loads_qt_only_to_export() -> None:
    """``show``, ``search`` and the rest start without Qt; ``export`` imports it when run."""
    import subprocess
    import sys

    code = ("import sys, desktop.cli, desktop.export_cli; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


#: Where Python's own ``html.escape`` may be used: the one HTML helper, the Markdown
#: sanitiser (which escapes what it does not keep) and the PDF's XMP packet (XML, not HTML).
ESCAPERS = {"desktop/render/html.py", "desktop/render/markdown_safe.py",
            "desktop/export/pdf_layout.py"}


def test_html_is_escaped_by_the_one_helper_only() -> None:
    """Everything else builds HTML with ``desktop.render.html`` (escape by construction)."""
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        names = _imports(path)
        if name not in ESCAPERS and ({"html", "html.escape"} & names
                                     or "escape(" in path.read_text(encoding="utf-8")
                                     and "html" in _top(names)):
            offenders.append(name)
    assert offenders == []
