"""The Qt binding in use keeps Python's reference counts right.

PySide6 6.12.0 on Python 3.11 releases a reference to ``None`` on every call of a method that
returns nothing: after some tens of thousands of such calls (a long session, a long PDF
export) the interpreter dies with "Fatal Python error: none_dealloc". pyproject.toml keeps
that release out; this test fails if a binding with the bug is installed again.
"""

from __future__ import annotations

import sys

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None is immortal from Python 3.12 on")


def test_void_calls_do_not_release_none() -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (kept alive)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    document = QTextDocument()
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.save()
        painter.fillRect(QRectF(0, 0, 4, 4), QColor("#123456"))
        painter.restore()
        document.setHtml("<p>x</p>")
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50, f"None lost {before - after} references in 2,000 calls"
