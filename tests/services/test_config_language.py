"""The window's language in config.toml: kept, and an unknown one refused at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderator.services import config as config_mod
from moderator.services.paths import Paths
from moderator.store.errors import ConfigError


def test_config_keeps_the_language_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path)
    config = config_mod.load(paths)
    config.language = "ko"
    config_mod.save(paths, config)
    assert config_mod.load(paths).language == "ko"
    text = paths.config_file.read_text(encoding="utf-8")
    paths.config_file.write_text(text.replace('language = "ko"', 'language = "kr"'))
    with pytest.raises(ConfigError, match=r"config.toml:\d+: language: 'kr' is not one of en, ko"):
        config_mod.load(paths)


def test_a_config_without_a_language_follows_the_system(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path)
    config_mod.save(paths, config_mod.load(paths))
    assert config_mod.load(paths).language == ""
    assert "language" not in paths.config_file.read_text(encoding="utf-8")
