"""What Qt cannot write, added to the PDF it wrote: bookmarks, the page total, page order,
subject and keywords (no Qt).

The exporter paints each page once, as soon as its cable is laid out, so while it paints it
does not yet know how many pages the document will have, nor on which page each cable starts
(for the contents). It therefore paints the cables first, the cover and contents last, and
on every page puts the same tiny placeholder image where the total goes. This module then
appends one PDF *incremental update* that:

- replaces the placeholder image (one object, shared by every page) with a form that writes
  the total in an embedded Type 3 font of the digits, so it is real, selectable text;
- moves the cover and contents pages to the front (the page tree's ``/Kids``);
- adds the outline (bookmarks, each pointing at a named destination Qt wrote for an
  ``<a name>``), opens it in the viewer, and adds the subject and keywords.

Objects are built and serialised with pypdf; the file is read lazily (its cross-reference
table and a few dictionaries) and never rewritten, so the cost is milliseconds.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

#: Glyph names of the characters a page total can hold (PDF standard names).
GLYPH_NAMES = {" ": "space", ",": "comma", "0": "zero", "1": "one", "2": "two", "3": "three",
               "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine"}


@dataclass
class OutlineItem:
    """A bookmark: its title, the named destination it opens, and its children."""

    title: str
    destination: str
    children: list[OutlineItem] = field(default_factory=list)


@dataclass(frozen=True)
class Glyph:
    """A glyph of the total's font: advance and outline in 1/1000 em, y up, as PDF path
    operators (``m``, ``l``, ``c``)."""

    width: float
    bbox: tuple[float, float, float, float]
    path: str


@dataclass(frozen=True)
class PageTotal:
    """How to write the page total where the placeholder image sits.

    Args:
        text: the total as written (``1,234``).
        marker: the placeholder image's (width, height) in pixels, to find it.
        box: the placeholder's (width, height) in points on the page.
        size: the font size, points; baseline: from the box's bottom, points.
        colour: RGB, 0..1.
        glyphs: the font's glyphs by character (every character of ``text``).
    """

    text: str
    marker: tuple[int, int]
    box: tuple[float, float]
    size: float
    baseline: float
    colour: tuple[float, float, float]
    glyphs: Mapping[str, Glyph]


def finish(path: Path, outline: Sequence[OutlineItem], info: Mapping[str, str], *,
           xmp: bytes | None = None, total: PageTotal | None = None,
           move_to_front: int = 0) -> None:
    """Append the incremental update to ``path`` (see the module's description).

    Args:
        info: entries of the Info dictionary to set (``/Title``, ``/Subject``, ...).
        xmp: the XMP metadata packet that replaces Qt's.
        move_to_front: how many of the last pages to move to the front (cover, contents).

    Raises:
        OSError: the file cannot be read or written.
        ValueError: the file is not as Qt writes it (no placeholder, a nested page tree).
    """
    with path.open("rb") as f:
        reader = PdfReader(f, strict=True)  # Qt's own file: no need to re-check every offset
        trailer = reader.trailer
        if "/Root" not in trailer:
            raise ValueError(f"{path} has no document catalog")
        update = _Update(int(cast(int, trailer["/Size"])))
        root_ref = trailer.raw_get("/Root")
        catalog = DictionaryObject(root_ref.get_object())
        if outline:
            catalog[NameObject("/Outlines")] = _outlines(update, outline)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
            update.put(root_ref.idnum, catalog)
        if "/Info" in trailer and info:
            info_ref = trailer.raw_get("/Info")
            entries = DictionaryObject(info_ref.get_object())
            for key, value in info.items():
                entries[NameObject(key)] = TextStringObject(value)
            update.put(info_ref.idnum, entries)
        if xmp is not None:
            metadata = DecodedStreamObject()
            metadata.set_data(xmp)
            metadata.update({NameObject("/Type"): NameObject("/Metadata"),
                             NameObject("/Subtype"): NameObject("/XML")})
            if "/Metadata" in catalog:
                update.put(catalog.raw_get("/Metadata").idnum, metadata)
            else:
                catalog[NameObject("/Metadata")] = update.add(metadata)
                update.put(root_ref.idnum, catalog)
        pages_ref = catalog.raw_get("/Pages")
        if move_to_front:
            update.put(pages_ref.idnum, _reordered(pages_ref.get_object(), move_to_front))
        if total is not None:
            marker = _find_marker(pages_ref.get_object(), total.marker)
            update.put(marker, _total_form(update, total))
        if not update.objects:
            return
        trailer_out = DictionaryObject({NameObject("/Root"): root_ref,
                                        NameObject("/Prev"): NumberObject(_startxref(f))})
        if "/Info" in trailer:
            trailer_out[NameObject("/Info")] = trailer.raw_get("/Info")
        if "/ID" in trailer:
            trailer_out[NameObject("/ID")] = trailer["/ID"]
        end = f.seek(0, io.SEEK_END)
    with path.open("ab") as out:
        out.write(update.serialise(end, trailer_out))


class _Update:
    """The objects of one incremental update: replaced ones keep their number, new ones
    get the next free numbers."""

    def __init__(self, size: int):
        self.next = size
        self.objects: dict[int, PdfObject] = {}

    def reserve(self) -> int:
        number, self.next = self.next, self.next + 1
        return number

    def add(self, obj: PdfObject) -> IndirectObject:
        number = self.reserve()
        self.objects[number] = obj
        return _ref(number)

    def put(self, number: int, obj: PdfObject) -> None:
        self.objects[number] = obj

    def serialise(self, start: int, trailer: DictionaryObject) -> bytes:
        buffer = io.BytesIO()
        buffer.write(b"\n")
        offsets: dict[int, int] = {}
        for number in sorted(self.objects):
            offsets[number] = start + buffer.tell()
            buffer.write(f"{number} 0 obj\n".encode())
            self.objects[number].write_to_stream(buffer)
            buffer.write(b"\nendobj\n")
        xref_at = start + buffer.tell()
        buffer.write(b"xref\n")
        for first, run in _runs(sorted(offsets)):
            buffer.write(f"{first} {len(run)}\n".encode())
            for number in run:
                buffer.write(f"{offsets[number]:010d} 00000 n \n".encode())
        trailer[NameObject("/Size")] = NumberObject(max(self.next, max(offsets) + 1))
        buffer.write(b"trailer\n")
        trailer.write_to_stream(buffer)
        buffer.write(f"\nstartxref\n{xref_at}\n%%EOF\n".encode())
        return buffer.getvalue()


def _outlines(update: _Update, items: Sequence[OutlineItem]) -> IndirectObject:
    number = update.reserve()
    first, last, count = _items(update, items, number)
    update.put(number, DictionaryObject({
        NameObject("/Type"): NameObject("/Outlines"),
        NameObject("/First"): _ref(first), NameObject("/Last"): _ref(last),
        NameObject("/Count"): NumberObject(count),
    }))
    return _ref(number)


def _items(update: _Update, items: Sequence[OutlineItem], parent: int) -> tuple[int, int, int]:
    """Number and build sibling items; returns (first, last, visible count)."""
    numbers = [update.reserve() for _ in items]
    for n, (item, number) in enumerate(zip(items, numbers, strict=True)):
        entry = DictionaryObject({
            NameObject("/Title"): TextStringObject(item.title),
            NameObject("/Parent"): _ref(parent),
            NameObject("/Dest"): TextStringObject(item.destination),
        })
        if n > 0:
            entry[NameObject("/Prev")] = _ref(numbers[n - 1])
        if n + 1 < len(numbers):
            entry[NameObject("/Next")] = _ref(numbers[n + 1])
        if item.children:
            first, last, kids = _items(update, item.children, number)
            entry[NameObject("/First")] = _ref(first)
            entry[NameObject("/Last")] = _ref(last)
            entry[NameObject("/Count")] = NumberObject(-kids)  # closed: one line per cable
        update.put(number, entry)
    return numbers[0], numbers[-1], len(items)


def _reordered(pages: PdfObject, move: int) -> DictionaryObject:
    tree = DictionaryObject(cast(DictionaryObject, pages))
    kids = list(cast(ArrayObject, tree["/Kids"]))
    # Qt writes one flat page tree; a nested one would count more pages than it has kids
    # (checked without reading every page object).
    if int(cast(int, tree.get("/Count", len(kids)))) != len(kids):
        raise ValueError("the page tree is nested; pages cannot be moved")
    if not 0 < move <= len(kids):
        raise ValueError(f"cannot move {move} of {len(kids)} pages")
    tree[NameObject("/Kids")] = ArrayObject(kids[-move:] + kids[:-move])
    return tree


def _find_marker(pages: PdfObject, size: tuple[int, int]) -> int:
    """The object number of the placeholder image, from the first page's resources (read
    straight from the page tree: flattening it would read every page)."""
    for kid in list(pages["/Kids"])[:2]:  # type: ignore[index]
        resources = kid.get_object().get("/Resources", {})
        for ref in resources.get_object().get("/XObject", {}).values():
            obj = ref.get_object()
            if (obj.get("/Subtype") == "/Image" and obj.get("/Width") == size[0]
                    and obj.get("/Height") == size[1]):
                return int(ref.idnum)
    raise ValueError("the page total's placeholder is not in the document")


def _total_form(update: _Update, total: PageTotal) -> DecodedStreamObject:
    """A form XObject writing the total; it replaces the placeholder image, so its unit
    square is the placeholder's box (y up): its matrix scales that to points."""
    width, height = total.box
    font = _digit_font(update, total.glyphs)
    r, g, b = total.colour
    codes = "".join(f"\\{ord(c):03o}" for c in total.text)
    content = (f"q {r:.3f} {g:.3f} {b:.3f} rg BT /D {total.size:.3f} Tf 0 {total.baseline:.3f} Td "
               f"({codes}) Tj ET Q").encode("ascii")
    form = DecodedStreamObject()
    form.set_data(content)
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width),
                                          FloatObject(height)]),
        NameObject("/Matrix"): ArrayObject([FloatObject(1 / width), FloatObject(0),
                                            FloatObject(0), FloatObject(1 / height),
                                            FloatObject(0), FloatObject(0)]),
        NameObject("/Resources"): DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/D"): font})}),
    })
    return form


def _digit_font(update: _Update, glyphs: Mapping[str, Glyph]) -> IndirectObject:
    """A Type 3 font of the given glyphs, with a ToUnicode map so the text extracts."""
    codes = sorted(ord(c) for c in glyphs)
    first, last = codes[0], codes[-1]
    procs = DictionaryObject()
    widths = []
    for code in range(first, last + 1):
        char = chr(code)
        glyph = glyphs.get(char)
        widths.append(FloatObject(glyph.width if glyph else 0))
        if glyph is None:
            continue
        x0, y0, x1, y1 = glyph.bbox
        proc = DecodedStreamObject()
        proc.set_data(f"{glyph.width:.1f} 0 {x0:.1f} {y0:.1f} {x1:.1f} {y1:.1f} d1\n"
                      f"{glyph.path} f".encode("ascii"))
        procs[NameObject("/" + GLYPH_NAMES[char])] = update.add(proc)
    differences: list[PdfObject] = []
    for code in codes:
        differences += [NumberObject(code), NameObject("/" + GLYPH_NAMES[chr(code)])]
    boxes = [g.bbox for g in glyphs.values()]
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(_cmap(codes).encode("ascii"))
    return update.add(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type3"),
        NameObject("/FontBBox"): ArrayObject([FloatObject(min(b[0] for b in boxes)),
                                              FloatObject(min(b[1] for b in boxes)),
                                              FloatObject(max(b[2] for b in boxes)),
                                              FloatObject(max(b[3] for b in boxes))]),
        NameObject("/FontMatrix"): ArrayObject([FloatObject(0.001), FloatObject(0),
                                                FloatObject(0), FloatObject(0.001),
                                                FloatObject(0), FloatObject(0)]),
        NameObject("/CharProcs"): procs,
        NameObject("/Encoding"): DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/Differences"): ArrayObject(differences)}),
        NameObject("/FirstChar"): NumberObject(first),
        NameObject("/LastChar"): NumberObject(last),
        NameObject("/Widths"): ArrayObject(widths),
        NameObject("/Resources"): DictionaryObject(),
        NameObject("/ToUnicode"): update.add(to_unicode),
    }))


def _cmap(codes: Sequence[int]) -> str:
    pairs = "\n".join(f"<{c:02X}> <{c:04X}>" for c in codes)
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            f"{len(codes)} beginbfchar\n{pairs}\nendbfchar\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, cast(Any, None))  # serialised only, never resolved


def _startxref(f: BinaryIO) -> int:
    f.seek(0, io.SEEK_END)
    size = f.tell()
    f.seek(max(0, size - 1024))
    tail = f.read()
    at = tail.rfind(b"startxref")
    if at < 0:
        raise ValueError("no startxref")
    return int(tail[at + 9:].split()[0])


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive object numbers grouped, as an xref section's subsections want them."""
    runs: list[tuple[int, list[int]]] = []
    for n in numbers:
        if runs and runs[-1][1][-1] == n - 1:
            runs[-1][1].append(n)
        else:
            runs.append((n, [n]))
    return runs
