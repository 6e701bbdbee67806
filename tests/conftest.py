"""Shared fixtures: headless Qt, isolated user data, the real-data samples and small libraries."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REALDATA = FIXTURES / "realdata"
HTML = REALDATA / "wikileaks_html"
FINAL_BUILD = HTML / "build_2011-08-30_final"
EARLY_2011 = HTML / "build_2011-02_to_03_cablemap"
DEC_2010 = HTML / "build_2010-12-10_chillicoder"
CSV_SAMPLE = REALDATA / "cables_csv" / "cables_first12_sample.csv"
SEED_PAGE = FIXTURES / "seed_10DUSHANBE170.txt"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                  ) -> Path:
    """Every test gets its own user data folder: nothing touches the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CABLE_READER_HOME", str(home))
    return home


def cable_pages(root: Path = HTML) -> list[Path]:
    """Every cable page in the real samples (listing pages and the front page excluded)."""
    return sorted(p for p in root.rglob("*.html")
                  if p.parent.parent.parent.name == "cable" or p.parent == EARLY_2011)


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A library holding every real sample: all pages, the CSV sample and the seed page."""
    from desktop.archive.importer import import_paths
    from desktop.archive.library import Library

    path = tmp_path_factory.mktemp("lib") / "library.db"
    with Library(path) as lib:
        import_paths(lib.db, [HTML, CSV_SAMPLE, SEED_PAGE])
    yield path


@pytest.fixture
def library_copy(sample_library: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the sample library, for tests that change it."""
    import shutil
    import sqlite3

    target = tmp_path / "library.db"
    src = sqlite3.connect(sample_library)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    shutil.copymode(sample_library, target)
    yield target
