"""The frozen app's entry point (PyInstaller needs a script, not ``-m``)."""

import multiprocessing
import sys

from desktop.__main__ import main

if __name__ == "__main__":
    # The import's reader and the PDF export's renderer are "spawn" helper processes: they
    # start this program again with --multiprocessing-fork, which freeze_support() runs.
    multiprocessing.freeze_support()
    sys.exit(main())
