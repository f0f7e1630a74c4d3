"""`--lang` on the commands that open the window: ko and en only, refused before anything
is built or opened."""

from __future__ import annotations

import pytest

from moderator.cli import main


@pytest.mark.parametrize("command", ["gui", "demo"])
def test_the_window_commands_take_a_language(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "--lang {en,ko}" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["gui", "demo"])
def test_an_unknown_language_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str, tmp_path: object
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--home", str(tmp_path), command, "--lang", "fr"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'fr'" in err
