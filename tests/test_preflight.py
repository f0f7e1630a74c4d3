"""Before Qt starts: no display, or X11 libraries missing, is one line and exit 2, not Qt's
abort (exit 134) with a page of text naming the wrong library."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from moderator.ui import preflight

README = Path(__file__).parents[1] / "README.md"
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x7f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def run_moderator(
    tmp_path: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "moderator", "--home", str(tmp_path / "home"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )


def no_display_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux's")
@pytest.mark.parametrize("command", [["gui"], ["demo"]])
def test_without_a_display_the_window_says_so_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    result = run_moderator(tmp_path, no_display_env(), *command)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("moderator: error: there is no display to open the window on")
    assert not (tmp_path / "home" / "workspaces" / "demo.sqlite").exists()  # checked first


def test_a_missing_x11_library_is_named_with_its_package(tmp_path: Path) -> None:
    """A fake PySide6: the plugin file exists, `ldd` (stood in for) says what is missing."""
    plugin = tmp_path / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    missing = preflight.missing_libraries(
        plugin, tmp_path / "Qt" / "lib", ldd=lambda _p: LDD_OUTPUT
    )
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert preflight.libraries_message(missing) == (
        "the window cannot start: Qt's X11 plugin needs the system libraries "
        "libxcb-icccm.so.4, libxcb-keysyms.so.1 "
        "(on Debian or Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1)"
    )


def test_without_ldd_the_plugins_own_list_of_libraries_is_checked() -> None:
    qt = preflight.qt_folder()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so" if qt else None
    if plugin is None or not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    assert qt is not None
    needed = preflight.needed_libraries(plugin.read_bytes())
    assert {"libQt6XcbQpa.so.6", "libxcb-icccm.so.4", "libxcb.so.1"} <= set(needed)
    gone = {"libxcb-icccm.so.4", "libxcb-cursor.so.0"}
    missing = preflight.missing_libraries(
        plugin, qt / "lib", ldd=lambda _p: None, resolve=lambda name: name not in gone
    )
    assert missing == sorted(gone)  # from the plugin and from libQt6XcbQpa, each once


def test_this_machine_is_checked_the_way_ldd_checks_it() -> None:
    qt = preflight.qt_folder()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so" if qt else None
    if plugin is None or not plugin.is_file() or preflight.run_ldd(plugin) is None:
        pytest.skip("no xcb plugin or no ldd here")
    assert qt is not None
    with_ldd = preflight.missing_libraries(plugin, qt / "lib")
    by_hand = preflight.missing_libraries(plugin, qt / "lib", ldd=lambda _p: None)
    assert by_hand == with_ldd


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libGL.so.1", "libgl1"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
    ],
)
def test_debian_package_names(soname: str, package: str) -> None:
    assert preflight.debian_package(soname) == package


@pytest.mark.parametrize(
    "env",
    [
        {"QT_QPA_PLATFORM": "offscreen"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_QPA_PLATFORM": "vnc"},
    ],
)
def test_a_chosen_platform_or_wayland_is_left_to_qt(env: dict[str, str]) -> None:
    assert preflight.display_problem(env) is None


def test_a_display_that_does_not_answer_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preflight, "missing_libraries", lambda *_a, **_k: [])
    message = preflight.display_problem({"DISPLAY": ":4719"})
    assert message == "the display :4719 does not answer (DISPLAY=:4719): is the X server running?"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux's")
def test_a_listening_display_answers() -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind("\0/tmp/.X11-unix/X4718")
        server.listen(1)
        assert preflight.display_answers(":4718")
        assert preflight.display_answers("unix:4718.0")
    assert not preflight.display_answers(":4718")


def test_the_readmes_first_command_installs_the_window() -> None:
    first = re.search(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), re.S)
    assert first is not None
    assert "pip install -e '.[gui]'" in first.group(1)
    assert first.group(1).endswith("moderator demo")
