"""The output folder as one transaction: a run writes a staging copy and swaps it in whole.

A reader of `--out` sees, at any moment, either the complete previous run or the complete new one:
every file of a run (tables, clean texts, workbook, report, manifest) is written into a staging
folder next to `--out`, and the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)` call
(Linux). Where the kernel lacks it, two renames leave `--out` missing for an instant; the next run
puts the previous folder back if a kill hit that instant. A lock file next to `--out` refuses a
second concurrent run, and the leftovers of a killed run are removed when the next one starts.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Optional

from . import __version__

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
TABLE_FILES = ("documents.csv", "mentions.csv", "entities.csv", "quotes.csv", "relations.csv")
PARQUET_FILES = tuple(name.replace(".csv", ".parquet") for name in TABLE_FILES)
# What each command writes, in pipeline order: a command replaces its own outputs and drops
# everything downstream of them, which would no longer match.
PRODUCTS: dict[str, tuple[str, ...]] = {
    "clean": ("clean",),
    "annotate": ("annotated",),
    "entities": ("stages/entities.jsonl",),
    "quotes": ("stages/quotes.jsonl",),
    "export": (*TABLE_FILES, *PARQUET_FILES, "wersagtwas.sqlite", "wersagtwas.xlsx", "report"),
}
OWNED = frozenset({"clean", "annotated", "stages", MANIFEST, *PRODUCTS["export"]})
STAGING, OLD, LOCK = "staging", "old", "lock"
# Tests stop a run with SIGKILL at one of these points (see tests/test_faults.py).
FAULT_ENV = "WERSAGTWAS_FAULT_AT"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputError(RuntimeError):
    """`--out` cannot hold a run: a one-line reason for the user."""


_FAULT_CALLS: dict[str, int] = {}


def fault_point(name: str) -> None:
    """Kill this process here when the fault-injection variable names this point.

    "NAME" or "NAME:TERM" stop at the first pass, "NAME:N" (SIGKILL) at the N-th pass through the point.
    """
    point, _, how = os.environ.get(FAULT_ENV, "").partition(":")
    if point != name:
        return
    _FAULT_CALLS[name] = calls = _FAULT_CALLS.get(name, 0) + 1
    if how.isdigit() and calls < int(how):
        return
    log.warning("fault injection: %s at %s", "TERM" if how == "TERM" else "KILL", name)
    os.kill(os.getpid(), signal.SIGTERM if how == "TERM" else signal.SIGKILL)


def umask() -> int:
    """The process umask (read without changing it for longer than two calls)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sibling(out: Path, kind: str, tag: str = "") -> Path:
    """A hidden name next to `out` for its staging copy, an old copy or the lock."""
    return out.with_name(f".{out.name}.wersagtwas-{kind}{'-' + tag if tag else ''}")


def dropped(command: str) -> frozenset[str]:
    """Relative paths a command replaces: its own products and everything downstream."""
    if command not in PRODUCTS:
        return OWNED
    names = list(PRODUCTS)
    return frozenset(p for stage in names[names.index(command):] for p in PRODUCTS[stage]) | {MANIFEST}


class Run:
    """One command's write access to `--out`: `path` is the staging folder, `commit()` makes it visible."""

    def __init__(self, out: Path, command: str, inputs: Iterable[Path] = ()):
        self.out = _checked(Path(out))
        self.command = command
        self.inputs = [str(p) for p in inputs]
        self.started = datetime.now(timezone.utc)
        self.path = sibling(self.out, STAGING, f"{os.getpid()}-{int(time.time() * 1000)}")
        self._lock: Optional[int] = None
        self.committed = False

    def __enter__(self) -> "Run":
        self._lock = _acquire(sibling(self.out, LOCK), self.out)
        try:
            recover(self.out)
            self.path.mkdir(mode=0o777)
            os.chmod(self.path, 0o777 & ~umask())
            if self.out.is_dir():
                _clone(self.out, self.path, dropped(self.command))
        except BaseException:
            self._release()
            raise
        return self

    def commit(self, **summary: Any) -> None:
        """Write the manifest and swap the staging folder in as `--out`."""
        fault_point("before_manifest")
        write_manifest(self.path, self.command, self.inputs, self.started, summary)
        fault_point("before_swap")
        old = _swap(self.path, self.out)
        self.committed = True
        fault_point("after_swap")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the flock
            self._lock = None


def _checked(out: Path) -> Path:
    """The real location of `--out`, refused when swapping it would move the user's own folder."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder; choose a folder")
    real = out.resolve()
    cwd = Path.cwd().resolve()
    if real == cwd or real in cwd.parents or real.parent == real:
        raise OutputError(f"--out {out} is the current folder or one above it; choose a folder of its own, "
                          "e.g. --out outputs")
    if not os.access(real.parent, os.W_OK):
        raise OutputError(f"cannot write next to --out {out}: {real.parent} is read-only")
    return real


def _acquire(lock_path: Path, out: Path) -> int:
    """An exclusive lock, or a one-line refusal naming the process that holds it."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise OutputError(f"another wersagtwas run (pid {holder}) is writing to {out}; "
                          "wait for it to finish or choose another --out") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def recover(out: Path) -> None:
    """Undo what a killed run left next to `out` (the caller holds the lock)."""
    olds = sorted(out.parent.glob(f".{out.name}.wersagtwas-{OLD}-*"))
    if not out.exists() and olds:
        # Killed between the two renames of the fallback swap: the previous run comes back.
        log.warning("restoring %s from %s (a run was killed while swapping)", out, olds[-1])
        os.rename(olds[-1], out)
        olds = olds[:-1]
    for leftover in olds + sorted(out.parent.glob(f".{out.name}.wersagtwas-{STAGING}-*")):
        log.warning("removing %s, left by a killed run", leftover)
        shutil.rmtree(leftover, ignore_errors=True)


def _clone(src: Path, dst: Path, drop: frozenset[str]) -> None:
    """Hard-link every file of `src` into `dst` except the dropped paths (files are never edited in place)."""
    for root, dirs, files in os.walk(src):
        rel = Path(root).relative_to(src)
        dirs[:] = sorted(d for d in dirs if (rel / d).as_posix() not in drop)
        for name in dirs:
            target = dst / rel / name
            target.mkdir()
            shutil.copymode(Path(root) / name, target)
        for name in sorted(files):
            if (rel / name).as_posix() in drop:
                continue
            source, target = Path(root) / name, dst / rel / name
            try:
                os.link(source, target)
            except OSError:  # another file system or no hard links: a copy is as good
                shutil.copy2(source, target)


def _swap(staging: Path, out: Path) -> Optional[Path]:
    """Make `staging` the folder at `out`; return where the previous run now lies, if any."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging
    old = sibling(out, OLD, str(os.getpid()))
    os.rename(out, old)
    fault_point("between_renames")
    os.rename(staging, out)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, f"cannot swap {a} into {b}: {os.strerror(code)}")


def checksum(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path, command: str, inputs: list[str], started: datetime, summary: dict) -> Path:
    """manifest.json: what ran, its counts and a checksum of every file of the run."""
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        files[path.relative_to(folder).as_posix()] = {"bytes": path.stat().st_size, "sha256": checksum(path)}
    manifest = {
        "tool": "wersagtwas",
        "version": __version__,
        "command": command,
        "inputs": inputs,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **summary,
        "files": files,
    }
    target = folder / MANIFEST
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.chmod(target, 0o666 & ~umask())
    return target
