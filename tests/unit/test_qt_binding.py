"""The Qt binding in use keeps Python's reference counts right.

PySide6 6.12.0 on Python 3.11 releases a reference to ``None`` on every call of a method that
returns nothing: after some tens of thousands of such calls (a long session, a long PDF
export) the interpreter dies with "Fatal Python error: none_dealloc". pyproject.toml keeps
that release out; this test fails if a binding with the bug is installed again.

It counts in a fresh interpreter: threads left by other tests would move None's count too.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None is immortal from Python 3.12 on")

PROBE = """
import sys
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QTextDocument

app = QGuiApplication([])
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
print(before - after)
"""


def test_void_calls_do_not_release_none() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lost = int(done.stdout.strip().splitlines()[-1])
    assert lost <= 50, f"None lost {lost} references in 2,000 calls"
