"""Files and folders the program makes are private to the user: 0600 and 0700, whatever the umask.

The workspace holds reporter texts, hashes, URLs and check-in answers; the config and the logs
say who works where and when; exports and reports hold the record. None of it is for the other
accounts on the machine. Folders made here are 0700; folders that already existed are left as
they are (the user may have named one, say with --home), except the program's own, which
`tighten` takes group and other access off. Files written here are created 0600, and an
existing one written again loses group and other access.

On Windows the POSIX mode bits mean little (the user's profile folders are private by their
ACLs); these calls then do what the platform allows and no more.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from pathlib import Path
from typing import Literal

FILE_MODE = 0o600
DIR_MODE = 0o700
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def private_dir(path: str | os.PathLike[str]) -> Path:
    """`path` with every missing folder up to it made 0700 (existing ones are left alone)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to change
        os.chmod(folder, DIR_MODE)  # mkdir's mode went through the umask
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def tighten(path: str | os.PathLike[str]) -> None:
    """Take group and other access off an existing file or folder of ours (no-op otherwise)."""
    try:
        info = os.stat(path)
        if info.st_uid != _uid() or not info.st_mode & 0o077:
            return
        wanted = DIR_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        os.chmod(path, stat.S_IMODE(info.st_mode) & wanted)
    except OSError:
        return  # gone, or not ours to change: nothing to tighten


def private_file(path: str | os.PathLike[str]) -> Path:
    """Make sure `path` exists with mode 0600 (empty if new; an existing one is tightened), so
    that whatever opens it next (SQLite, a media encoder) writes into a private file."""
    private_dir(Path(path).parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    tighten(path)
    return Path(path)


def private_sqlite(path: str | os.PathLike[str]) -> Path:
    """A workspace file (and its -wal, -shm or -journal, which SQLite creates with the main
    file's mode) ready to open privately; an older, world-readable one is tightened."""
    private_file(path)
    for suffix in SQLITE_SIDECARS:
        tighten(f"{os.fspath(path)}{suffix}")
    return Path(path)


def open_private(
    path: str | os.PathLike[str],
    mode: Literal["w", "a"] = "w",
    *,
    encoding: str = "utf-8",
    errors: str | None = None,
    newline: str | None = None,
) -> io.TextIOWrapper:
    """`open(path, mode)` for writing text, the file created 0600 (an existing one is
    truncated, or appended to, and tightened)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode == "a" else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            with contextlib.suppress(PermissionError):  # someone else's file: theirs to say
                os.fchmod(fd, FILE_MODE)  # O_CREAT leaves an existing file's mode as it was
        return open(fd, mode, encoding=encoding, errors=errors, newline=newline)  # noqa: SIM115
    except BaseException:
        os.close(fd)
        raise


def write_private_text(path: str | os.PathLike[str], text: str) -> Path:
    with open_private(path, "w", encoding="utf-8") as out:
        out.write(text)
    return Path(path)


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1
