"""Render the application icon from its SVG: the PNG sizes, a Windows .ico and a macOS .icns.

    python tools/make_icons.py            # rewrites resources/icons/ from cable-reader.svg

Qt renders the SVG (QtSvg, in pyside6-essentials; the app itself never loads it). The .ico and
.icns are written here: both are a small directory of PNG images, which every Windows since
Vista and every macOS since 10.7 reads, so no image library is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.paths import ICON_NAME, ICON_SIZES  # noqa: E402

ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns entry types holding PNG data, by pixel size (the @2x types share a size with others).
ICNS_TYPES = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512)]


def render(svg: Path, size: int) -> bytes:
    """The SVG as a square PNG of ``size`` pixels, transparent around the drawing."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts, painting)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file whose images are PNG (ICONDIR, ICONDIRENTRY each, then the data)."""
    sizes = sorted(pngs)
    out = [struct.pack("<HHH", 0, 1, len(sizes))]
    offset = 6 + 16 * len(sizes)
    for size in sizes:
        side = 0 if size >= 256 else size  # 0 means 256
        out.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset))
        offset += len(pngs[size])
    out.extend(pngs[size] for size in sizes)
    return b"".join(out)


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file: 'icns', the total length, then (type, length, PNG) entries."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    svg = ICONS / f"{ICON_NAME}.svg"
    needed = set(ICON_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    pngs = {size: render(svg, size) for size in sorted(needed)}
    for size in ICON_SIZES:
        (ICONS / f"{ICON_NAME}-{size}.png").write_bytes(pngs[size])
    (ICONS / f"{ICON_NAME}.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / f"{ICON_NAME}.icns").write_bytes(icns(pngs))
    for path in sorted(ICONS.iterdir()):
        print(f"{path.stat().st_size:>8,}  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
