"""Property tests: readers never raise on arbitrary input; paragraph keys ignore spacing."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.archive.paragraphs import parse_paragraphs
from desktop.archive.parse import parse_cable
from desktop.archive.records import Problem, RawCable, SourceKind, SourceRef
from desktop.archive.sources import read_source
from desktop.archive.sources.html_page import BadPage, NotACablePage, read_page
from desktop.archive.sources.text_page import NotATextPage, read_text_page
from tests.conftest import CSV_SAMPLE, FINAL_BUILD, SEED_PAGE

PAGE = next(FINAL_BUILD.rglob("66BUENOSAIRES2481.html")).read_bytes()
SEED_TEXT = SEED_PAGE.read_text(encoding="utf-8")
CSV_BYTES = CSV_SAMPLE.read_bytes()
SRC = SourceRef(SourceKind.HTML, "test.html")

# Fragments of real markup and text, so generated inputs reach deep into the readers.
FRAGMENTS = [
    "<table class='cable'>", "</table>", "<tr>", "<td>", "</td>", "<th>Reference ID</th>",
    "<code><pre>", "</pre></code>", "&#x000A;", "&#xFFFFFFF;", "&#99999999;", "&amp", "&lt;",
    "<a id='par1' href='#par1'>¶</a>", "1. (C) ", "TAGS: ", "SUBJECT: ", "REF: A. STATE 12 ",
    "\n", "\r\n", "...", "\\", '"', "<<123>>", "\t", "2010-02-10 12:22", "Viewing cable X, Y",
    "Reference ID Created Released Classification Origin", "PAGE 02 ROME 01196 01 OF 02 082030Z",
    "DUSHANBE 00000170  002.2 OF 012", "(S//NF)", "E. O. 11652", "SECRET", "\x00", "\ud800",
]
text_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60
                     ).map("".join)
soup_settings = settings(max_examples=150, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])


@soup_settings
@given(st.binary(max_size=3000))
def test_page_reader_never_raises_on_bytes(data: bytes) -> None:
    with contextlib.suppress(NotACablePage, BadPage):
        read_page(Path("x.html"), data)


@soup_settings
@given(text_soup, st.integers(min_value=0, max_value=len(PAGE)))
def test_page_reader_never_raises_on_damaged_pages(noise: str, at: int) -> None:
    data = PAGE[:at] + noise.encode("utf-8", "surrogatepass") + PAGE[at:]
    try:
        raw = read_page(Path("x.html"), data)
    except (NotACablePage, BadPage):
        return
    parse_cable(raw)
    parse_paragraphs(raw.body)


@soup_settings
@given(text_soup, st.integers(min_value=0, max_value=len(SEED_TEXT)))
def test_text_reader_never_raises(noise: str, at: int) -> None:
    text = SEED_TEXT[:at] + noise + SEED_TEXT[at:]
    try:
        raw = read_text_page(Path("x.txt"), text)
    except NotATextPage:
        return
    parse_cable(raw)


@soup_settings
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=len(CSV_BYTES)))
def test_csv_reader_never_raises(noise: bytes, at: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cables.csv"
        path.write_bytes(CSV_BYTES[:at] + noise + CSV_BYTES[at:])
        for item in read_source(path):
            assert isinstance(item, RawCable | Problem) or item.__class__.__name__ == "Skipped"
            if isinstance(item, RawCable):
                parse_cable(item)


@soup_settings
@given(text_soup, text_soup)
def test_parser_never_raises(header: str, body: str) -> None:
    cable = parse_cable(RawCable("10X1", "garbage", "", "SECRET", "Nowhere", header, body, SRC))
    parse_paragraphs(cable.body)


# --- Paragraph keys -------------------------------------------------------------------------

BODY = parse_cable(next(read_source(SEED_PAGE))).body  # type: ignore[arg-type]
LINES = BODY.split("\n")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.booleans())
def test_paragraph_keys_survive_whitespace_changes(seed: int, crlf: bool) -> None:
    """Trailing spaces, runs of inner spaces, extra blank lines and CRLF leave keys alone."""
    rnd = random.Random(seed)
    changed: list[str] = []
    for line in LINES:
        stripped = line.rstrip()
        indent = stripped[: len(stripped) - len(stripped.lstrip())]
        words = stripped.lstrip().split(" ")
        gap = " " * rnd.randint(1, 3)
        changed.append(indent + gap.join(words) + " " * rnd.randint(0, 3))
        if not stripped and rnd.random() < 0.3:
            changed.append(" " * rnd.randint(0, 2))
    text = ("\r\n" if crlf else "\n").join(changed)
    before = [(p.label, p.key.split(":")[2]) for p in parse_paragraphs(BODY)]
    after = [(p.label, p.key.split(":")[2]) for p in parse_paragraphs(text)]
    assert after == before


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
       st.lists(st.sampled_from([" ", "  ", "\n", " \n ", "\t"]), min_size=1, max_size=5))
def test_text_hash_ignores_spacing(text: str, gaps: list[str]) -> None:
    from desktop.archive.text import text_hash

    words = text.split()
    respaced = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    assert text_hash(" ".join(words)) == text_hash(respaced)
