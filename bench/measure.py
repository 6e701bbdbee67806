"""Run a command as a child process and report its wall time and its own peak RSS (os.wait4)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any


def _drain(stream: IO[bytes], sink: list[bytes]) -> None:
    """Read a pipe to the end so the child never blocks on a full pipe."""
    sink.append(stream.read())
    stream.close()


def run_measured(cmd: Sequence[str], env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run cmd; return wall_s, peak_rss_mb (MiB; the child itself, not its children), returncode,
    stdout and stderr. Linux reports ru_maxrss in kilobytes."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(env) if env is not None else None)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out)),
               threading.Thread(target=_drain, args=(proc.stderr, err))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, tell Popen
    for reader in readers:
        reader.join()
    return {
        "wall_s": wall,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "returncode": proc.returncode,
        "stdout": b"".join(out).decode("utf-8", "replace"),
        "stderr": b"".join(err).decode("utf-8", "replace"),
    }


def file_size_mb(path: str | os.PathLike[str]) -> float:
    """Size of a database file plus its -wal and -shm sidecars, in MiB (like peak_rss_mb)."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{os.fspath(path)}{suffix}")
        if p.exists():
            total += p.stat().st_size
    return total / (1024 * 1024)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: measure.py CMD [ARGS...] -> runs it and prints wall time and peak RSS."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: measure.py CMD [ARGS...]", file=sys.stderr)
        return 2
    result = run_measured(args)
    sys.stdout.write(result["stdout"])
    sys.stderr.write(result["stderr"])
    print(f"wall {result['wall_s']:.1f} s, peak RSS {result['peak_rss_mb']:.1f} MB, "
          f"exit {result['returncode']}")
    return int(result["returncode"])


if __name__ == "__main__":
    sys.exit(main())
