"""Run a command as a child process and report its wall time and peak memory: its own
(os.wait4) or its whole process tree's (sampled from /proc)."""

from __future__ import annotations

import os
import resource
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


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / (1024 * 1024)


def run_tree(cmd: list[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
             ) -> dict[str, float | int | str]:
    """Run a command; wall seconds, CPU seconds (user + system) and the peak RSS of its whole
    process tree. CPU time counts every descendant that was waited for, as the kernel does
    (``RUSAGE_CHILDREN``): a helper process joined by the command is included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
                            env=dict(env) if env is not None else None)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mb": peak, "returncode": proc.returncode,
            "output": out.decode("utf-8", "replace")}


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
