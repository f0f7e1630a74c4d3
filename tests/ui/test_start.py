"""Starting the workstation: the profile picker and the `gui` command."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from moderator.cli import build_parser
from moderator.services.config import Config, Profile
from moderator.ui.profiles import ProfilePicker


def config() -> Config:
    return Config(
        workstation_id="ws",
        default_profile="team",
        profiles={
            "local": Profile("local", "sqlite:///x.sqlite", "/media"),
            "team": Profile("team", "postgresql://db.example.invalid/q", "/media"),
        },
    )


def test_the_picker_starts_on_the_default_and_keys_choose(qtbot: QtBot) -> None:
    picker = ProfilePicker(config())
    qtbot.addWidget(picker)
    assert picker.chosen == "team"
    assert picker.list.item(1).text() == "team  (shared queue)"
    qtbot.keyClick(picker.list, Qt.Key.Key_Up)
    assert picker.chosen == "local"


def test_gui_command_takes_a_reviewer(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--home", str(tmp_path), "gui", "--reviewer", "demo.reviewer"]
    )
    assert args.reviewer == "demo.reviewer"
    assert args.func.__name__ == "open_workstation"


def test_demo_command_takes_a_screenshot_folder(tmp_path: Path) -> None:
    args = build_parser().parse_args(["demo", "--screenshots", str(tmp_path)])
    assert args.screenshots == tmp_path
