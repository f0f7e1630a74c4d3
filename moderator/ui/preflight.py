"""Before Qt starts: is there a display, and can Qt's X11 plugin load on this system?

Left to itself, Qt aborts (exit 134) with several lines that name the wrong library: on a
fresh Debian the xcb plugin needed libxcb-icccm4 and libxcb-keysyms1 while Qt's own message
blamed xcb-cursor0. Here the plugin's shared libraries are checked the way `ldd` does (with
`ldd` when there is one, else from the ELF file's DT_NEEDED entries), so the program can say
in one line what is missing. Nothing here imports Qt: it runs before the QApplication exists.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.util
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.M)
SONAME = re.compile(r"^lib(.+)\.so\.(\d+)")
# The plugin's own helper library ships beside Qt; the plugin finds it by its RUNPATH.
QPA_LIBRARY = "libQt6XcbQpa.so.6"


def qt_folder() -> Path | None:
    """PySide6's bundled Qt folder, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "Qt"


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """One line when Qt cannot show a window here (no display, a display that does not
    answer, X11 libraries missing); None when it can, or when the choice is the user's."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None  # Qt's Windows and macOS plugins ship complete with PySide6
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc...: chosen on purpose
    display = env.get("DISPLAY", "")
    if not display:
        if env.get("WAYLAND_DISPLAY") and not platform:
            return None  # Qt opens its Wayland plugin
        return (
            "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not "
            "set): run it in a desktop session or over `ssh -X`"
        )
    qt = qt_folder()
    if qt is not None:
        missing = missing_libraries(qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib")
        if missing:
            return libraries_message(missing)
    if not display_answers(display):
        return (
            f"the display {display} does not answer (DISPLAY={display}): is the X server running?"
        )
    return None


def libraries_message(missing: list[str]) -> str:
    names = ", ".join(missing)
    packages = " ".join(debian_package(name) for name in missing)
    noun = "library" if len(missing) == 1 else "libraries"
    return (
        f"the window cannot start: Qt's X11 plugin needs the system {noun} {names} "
        f"(on Debian or Ubuntu: sudo apt-get install {packages})"
    )


def debian_package(soname: str) -> str:
    """The Debian package that ships `soname`, by Debian's naming rule (libxcb-icccm.so.4 ->
    libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0, libGL.so.1 -> libgl1)."""
    found = SONAME.match(soname)
    if found is None:
        return soname
    name, major = found.group(1).lower(), found.group(2)
    return f"lib{name}{'-' if name[-1].isdigit() else ''}{major}"


def missing_libraries(
    plugin: Path,
    qt_lib: Path,
    *,
    ldd: Callable[[Path], str | None] | None = None,
    resolve: Callable[[str], bool] | None = None,
) -> list[str]:
    """The shared libraries `plugin` (and Qt's xcb helper) need that the system lacks.

    `ldd` (a function returning the tool's output, or None without it) and `resolve` (is a
    system library present) are parameters so tests can stand in for the system.
    """
    if not plugin.is_file():
        return []
    output = (ldd or run_ldd)(plugin)
    if output is not None:
        return sorted(set(NOT_FOUND.findall(output)))
    present = resolve or system_has
    missing: set[str] = set()
    for path in (plugin, qt_lib / QPA_LIBRARY):
        with contextlib.suppress(OSError, ValueError, struct.error):
            for needed in needed_libraries(path.read_bytes()):
                if not (qt_lib / needed).exists() and not present(needed):
                    missing.add(needed)
    return sorted(missing)


def run_ldd(path: Path) -> str | None:
    tool = shutil.which("ldd")
    if tool is None:
        return None
    try:
        done = subprocess.run(
            [tool, str(path)], capture_output=True, text=True, timeout=15, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def system_has(soname: str) -> bool:
    """Whether the dynamic linker can find `soname` (same name and major version)."""
    found = SONAME.match(soname)
    if found is None:
        return True  # not a name this check understands: do not cry wolf
    located = ctypes.util.find_library(found.group(1))
    return located is not None and (located == soname or located.startswith(soname))


def needed_libraries(elf: bytes) -> list[str]:
    """The DT_NEEDED entries of an ELF shared object (what `ldd` resolves first)."""
    if elf[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    wide, order = elf[4] == 2, "<" if elf[5] == 1 else ">"
    if wide:
        shoff, shentsize, shnum = struct.unpack_from(order + "Q10xHH", elf, 0x28)
        section, dyn = order + "IIQQQQIIQQ", order + "qQ"
    else:
        shoff, shentsize, shnum = struct.unpack_from(order + "I10xHH", elf, 0x20)
        section, dyn = order + "IIIIIIIIII", order + "iI"
    sections = [struct.unpack_from(section, elf, shoff + i * shentsize) for i in range(shnum)]
    needed: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings_at = sections[link][4]
        for at in range(offset, offset + size, struct.calcsize(dyn)):
            tag, value = struct.unpack_from(dyn, elf, at)
            if tag == 0:  # DT_NULL
                break
            if tag == 1:  # DT_NEEDED
                end = elf.index(b"\0", strings_at + value)
                needed.append(elf[strings_at + value : end].decode())
    return needed


def display_answers(display: str, timeout: float = 2.0) -> bool:
    """Whether an X server listens for DISPLAY (`:0`, `unix:1`, `host:10.0`)."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit() or host.startswith("/"):
        return True  # a form this check does not know (e.g. a launchd socket): let Qt try
    if host not in ("", "unix"):
        try:
            socket.create_connection((host, 6000 + int(number)), timeout=timeout).close()
        except OSError:
            return False
        return True
    path = f"/tmp/.X11-unix/X{number}"
    for address in ("\0" + path, path):  # Linux's abstract socket first, where Xorg listens too
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(address)
            except OSError:
                continue
            return True
    return False
