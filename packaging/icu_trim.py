"""A smaller ICU data library for the Linux build: only what Qt uses in this app.

    python packaging/icu_trim.py LIBICUDATA OUT.so       # prints what it kept

PySide6's Linux wheel links QtCore to ICU, whose data library (``libicudata.so.73``) is 31 MB:
every locale's names of languages, currencies, units and time zones, 230 legacy character
sets, dictionaries for line breaking in Thai or Chinese. Qt formats numbers and dates and
breaks lines with its own tables; of ICU it uses collation (QCollator: the file dialog's
natural sort), case mapping and, on request, a few codecs. This keeps the collation tree and
the data every lookup needs, drops the rest, and links the result as a library of the same
name exporting the same symbol (``icudt73_dat``). It needs a C compiler (``cc``); without
one the build keeps the full library.

The data is an ICU "common data" package (``CmnD``): a header, a table of contents sorted by
name (ICU searches it by bisection), then each item aligned to 16 bytes. Items are copied
as they are; only the table of contents is written anew.
"""

from __future__ import annotations

import fnmatch
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

#: Items kept (patterns over the names without the ``icudt73l/`` prefix).
KEEP = [
    "coll/*",  # collation: QCollator, QString::localeAwareCompare, QFileSystemModel's sort
    "*.nrm",  # normalisation (NFKC) used by case folding and collation
    "cnvalias.icu",  # the converter alias table ICU opens on first use of any codec
    # and the single-byte character sets: see SMALL_CONVERTER
    "res_index.res", "root.res", "pool.res",  # the root of the locale tree, its shared keys
    "likelySubtags.res", "langInfo.res", "keyTypeData.res", "metadata.res",  # locale ids
    "supplementalData.res", "icuver.res", "icustd.res",
]


def _elf_blob(image: bytes) -> tuple[str, int, int]:
    """(symbol, file offset, size) of the ``icudt*_dat`` data symbol of an ELF64 library."""
    if image[:4] != b"\x7fELF" or image[4] != 2 or image[5] != 1:
        raise ValueError("not a little-endian ELF64 library")
    shoff, = struct.unpack_from("<Q", image, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", image, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", image, shoff + i * shentsize)
                for i in range(shnum)]
    dynsym = next(s for s in sections if s[1] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym[6]]  # sh_link: its string table
    for at in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        name_at, _, _, _, value, size = struct.unpack_from("<IBBHQQ", image, at)
        end = image.index(b"\0", strtab[4] + name_at)
        name = image[strtab[4] + name_at:end].decode()
        if name.startswith("icudt") and name.endswith("_dat") and size:
            for s in sections:  # the section holding the address gives the file offset
                if s[3] <= value < s[3] + s[5] and s[1] != 8:  # not SHT_NOBITS
                    return name, s[4] + value - s[3], size
    raise ValueError("no icudt*_dat symbol")


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, data)]) of an ICU common data package, in table order."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    toc = header_size
    count, = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        end = blob.index(b"\0", toc + name_at)
        data_end = entries[i + 1][1] if i + 1 < count else len(blob) - toc
        items.append((blob[toc + name_at:end].decode("ascii"), blob[toc + data_at:toc + data_end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package holding ``items`` (kept in the given, sorted, order), as ICU lays it out."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    names_at = 4 + 8 * len(items)
    data_at = names_at + len(names)
    data_at += -data_at % 16
    toc = [struct.pack("<I", len(items))]
    body = []
    name_at, at = names_at, data_at
    for name, data in items:
        toc.append(struct.pack("<II", name_at, at))
        name_at += len(name) + 1
        padded = data + b"\0" * (-len(data) % 16)
        body.append(padded)
        at += len(padded)
    head = b"".join(toc) + names
    return header + head + b"\xaa" * (data_at - len(head)) + b"".join(body)  # as pkgdata pads


#: Converters smaller than this are single-byte character sets (windows-1252, ISO 8859,
#: KOI8-R, Mac Roman: 154 of them, 0.5 MB); the 36 larger ones (Chinese, Japanese and Korean
#: multi-byte sets, EBCDIC DBCS) are 4.5 MB, and the app never decodes text with Qt.
SMALL_CONVERTER = 20_000


def kept(name: str, data: bytes) -> bool:
    """Whether the item ``name`` (``icudt73l/coll/de.res``) stays in the trimmed data."""
    name = name.partition("/")[2]
    if name.endswith(".cnv"):
        return len(data) < SMALL_CONVERTER
    return any(fnmatch.fnmatchcase(name, p) for p in KEEP)


def trim(library: Path, out: Path, cc: str | None = None) -> tuple[int, int] | None:
    """Write a trimmed copy of ``library`` to ``out``; returns (items kept, of all), or None
    (and writes nothing) when there is no C compiler."""
    cc = cc or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None
    image = library.read_bytes()
    symbol, offset, size = _elf_blob(image)
    header, items = read_package(image[offset:offset + size])
    small = [(name, data) for name, data in items if kept(name, data)]
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "data.dat"
        dat.write_bytes(write_package(header, small))
        asm = Path(tmp) / "data.S"
        asm.write_text(
            f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.p2align 4\n'
            f'{symbol}:\n.incbin "{dat}"\n.size {symbol}, .-{symbol}\n'
            '.section .note.GNU-stack,"",@progbits\n')
        subprocess.run([cc, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}",
                        "-o", str(out), str(asm)], check=True)
    return len(small), len(items)


def main(argv: list[str]) -> int:
    library, out = Path(argv[0]), Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    done = trim(library, out)
    if done is None:
        print("no C compiler: nothing written", file=sys.stderr)
        return 1
    print(f"{out}: {done[0]} of {done[1]} items, {out.stat().st_size:,} bytes "
          f"(was {library.stat().st_size:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
