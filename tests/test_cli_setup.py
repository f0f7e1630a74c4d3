"""`moderator setup`, `people`, `policy`, `org` and `queue add|edit|archive|show`, in process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from moderator.cli import main
from moderator.domain import shipped
from moderator.services import config as config_mod
from moderator.services.paths import Paths

SETUP = ("setup", "--org", "Example Hotline", "--supervisor", "sue", "--timezone", "Asia/Seoul")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fresh_workspace_says_how_to_begin(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(capsys, "wellbeing", "set", "inbox", "standard")
    assert code == 1
    assert "no people yet: set it up with `moderator setup`" in err
    code, _out, err = cli(capsys, "people", "add", "alice", "--role", "reviewer")
    assert code == 1
    assert "only a supervisor may add people" in err


def test_scripted_setup_names_the_supervisor_in_the_profile(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, err = cli(capsys, *SETUP, "--support", "help@example.org")
    assert code == 0, err
    assert "Set up 'Example Hotline' (Asia/Seoul) with sue as supervisor." in out
    assert "platform-generic@2026.12" in out
    assert "queue add inbox --policy platform-generic" in out
    paths = Paths.resolve(home)
    assert config_mod.load(paths).profile(None, paths).reviewer == "sue"
    code, _out, err = cli(capsys, *SETUP)
    assert code == 1
    assert "set up already" in err
    code, out, _err = cli(capsys, "org", "show", "--json")
    assert json.loads(out)["support"] == "help@example.org"


def test_setup_without_a_terminal_needs_its_three_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = cli(capsys, "setup", "--org", "X")
    assert code == 1
    assert "give --supervisor, --timezone (or run `moderator setup` in a terminal)" in err


def test_interactive_setup_asks_for_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = io.StringIO(
        "Example Hotline\n"  # organisation
        "bad name\n"  # refused, asked again
        "sue\n"
        "Sue Supervisor\n"
        "Nowhere/Land\n"  # refused, asked again
        "Europe/London\n"
        "\n"  # no support contact
        "3\n"  # only the third shipped policy
        "hard\n"
    )
    answers.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", answers)
    code, out, err = cli(capsys, "setup")
    assert code == 0, err
    assert "unknown time zone 'Nowhere/Land'" in err
    assert "user name 'bad name'" in err
    assert "Policies: platform-generic@2026.12\n" in out
    code, out, _err = cli(capsys, "org", "show", "--json")
    shown = json.loads(out)
    assert (shown["timezone"], shown["default_wellbeing"]) == ("Europe/London", "hard")
    code, out, _err = cli(capsys, "people", "list", "--json")
    assert json.loads(out)[0]["display_name"] == "Sue Supervisor"


def test_people_queues_policies_and_settings_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli(capsys, *SETUP)[0] == 0
    code, out, err = cli(capsys, "people", "add", "alice", "--role", "reviewer")
    assert code == 0, err
    code, _out, err = cli(capsys, "people", "add", "bob", "--role", "supervisor", "--as", "alice")
    assert code == 1
    assert "only a supervisor may add people; alice is a reviewer" in err
    code, out, err = cli(
        capsys, "queue", "add", "inbox", "--policy", "platform-generic", "--sla-hours", "12",
        "--wellbeing", "hard",
    )  # fmt: skip
    assert code == 0, err
    assert "policy platform-generic@2026.12, SLA 12 h" in out
    code, out, _err = cli(capsys, "queue", "show", "--json")
    (inbox,) = json.loads(out)
    assert (inbox["sla_hours"], inbox["wellbeing"]) == (12, "hard")

    text = shipped.folder("policies").joinpath("platform-generic.toml").read_text("utf-8")
    newer = tmp_path / "platform-generic-2.toml"
    newer.write_text(text.replace('version = "2026.12"', 'version = "2027.01"'))
    code, out, err = cli(capsys, "policy", "import", str(newer))
    assert code == 0, err
    assert "platform-generic version 2027.01 imported" in out
    assert "new decisions on inbox use it" in out
    same_version = tmp_path / "edited.toml"
    same_version.write_text(newer.read_text().replace("How severe is it?", "How bad?"))
    code, _out, err = cli(capsys, "policy", "import", str(same_version))
    assert code == 1
    assert "version 2027.01 is already stored with other content" in err
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('type = "yes_no"', 'type = "yesno"'))
    code, _out, err = cli(capsys, "policy", "import", str(broken))
    assert code == 1
    line = text[: text.index('type = "yes_no"')].count("\n") + 1  # the file's own line
    assert f"broken.toml:{line}: questions[1].type: 'yesno' is not one of" in err
    code, out, _err = cli(capsys, "policy", "list", "--json")
    versions = [(p["id"], p["version"], p["queues"]) for p in json.loads(out)]
    assert ("platform-generic", "2027.01", ["inbox"]) in versions
    code, out, _err = cli(capsys, "policy", "show", "platform-generic@2026.12")
    assert "What does the media show?" in out
    exported = tmp_path / "out.toml"
    code, _out, _err = cli(capsys, "policy", "export", "platform-generic", "-o", str(exported))
    assert exported.read_bytes() == newer.read_bytes()

    code, out, err = cli(capsys, "org", "set", "--content-retention-days", "90")
    assert code == 0, err
    assert "content-retention-days: (not set) -> 90" in out
    code, out, err = cli(capsys, "people", "deactivate", "alice")
    assert code == 0, err
    code, _out, err = cli(capsys, "wellbeing", "mine", "standard", "--as", "alice")
    assert code == 1
    assert "deactivated" in err
    code, out, err = cli(capsys, "queue", "archive", "inbox")
    assert code == 0, err
    code, out, _err = cli(capsys, "queue", "show", "inbox")
    assert "archived" in out


def test_the_demo_is_not_the_default_profile_unless_asked(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[bool] = []

    def fake_demo(paths: Paths, **kwargs: object) -> None:
        built.append(bool(kwargs["make_default"]))
        raise SystemExit(0)

    monkeypatch.setattr("moderator.cli.demo.ensure_demo", fake_demo)
    with pytest.raises(SystemExit):
        main(["demo", "--no-gui"])
    with pytest.raises(SystemExit):
        main(["demo", "--no-gui", "--default"])
    assert built == [False, True]
