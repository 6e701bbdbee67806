"""Help > About: the facts it shows, every value escaped."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qVersion

import desktop
from desktop.paths import user_data_dir
from desktop.ui.about import about_facts, build_about


def test_the_facts() -> None:
    facts = dict(about_facts(Path("/x/library.db"), Path("/x/notes.db")))
    assert facts["Version"] == desktop.__version__
    assert facts["Qt"] == qVersion()
    assert facts["Python"].startswith(platform.python_version())
    assert facts["Data folder"] == str(user_data_dir())
    assert (facts["Library"], facts["Notes"]) == ("/x/library.db", "/x/notes.db")
    assert facts["Licence"] == "MIT"


@pytest.mark.gui
def test_the_box_escapes_every_value(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    crafted = tmp_path / "<img src='x.png'>&amp;"
    box = build_about(None, crafted / "library.db", tmp_path / "notes.db")
    qtbot.addWidget(box)
    text = box.text()
    assert box.textFormat() == Qt.TextFormat.RichText
    assert "<img" not in text and "&lt;img src=&#x27;x.png&#x27;&gt;&amp;amp;" in text
    assert f"Cable Reader {desktop.__version__}" in text
    assert "Nothing is ever fetched from the network." in text
    assert qVersion() in text and "MIT" in text
