"""The core stays free of Qt: archive, notes, rendering and the Qt-free export formats."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

QT_FREE = ["desktop/archive", "desktop/annotations", "desktop/render"]
QT_FREE_FILES = ["desktop/cli.py", "desktop/paths.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_no_qt() -> None:
    files = [f for d in QT_FREE for f in (ROOT / d).rglob("*.py")]
    files += [ROOT / f for f in QT_FREE_FILES]
    export = ROOT / "desktop" / "export"
    files += [f for f in export.rglob("*.py") if f.name != "pdf.py"]
    assert len(files) > 10
    offenders = [str(f.relative_to(ROOT)) for f in files
                 if _imports(f) & {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]
    assert offenders == []
