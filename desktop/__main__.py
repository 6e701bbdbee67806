"""Entry point: ``python -m desktop`` and the ``cable-reader`` script."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from desktop.cli import COMMANDS

    if args and (args[0] in COMMANDS or args[0] in {"-h", "--help", "--version"}):
        from desktop.cli import run

        return run(args)
    from desktop.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
