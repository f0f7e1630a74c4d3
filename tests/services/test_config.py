from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from moderator.services import config as config_mod
from moderator.services import secrets
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.store.errors import ConfigError, NotFound


def test_home_puts_everything_in_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODERATOR_HOME")
    chosen = Paths.resolve(tmp_path / "portable")
    assert chosen.config_file == tmp_path / "portable" / "config.toml"
    assert chosen.workspace_file("local").parent == tmp_path / "portable" / "workspaces"
    monkeypatch.setenv("MODERATOR_HOME", str(tmp_path / "env"))
    assert Paths.resolve().data_dir == tmp_path / "env"
    assert Paths.resolve(tmp_path / "flag").data_dir == tmp_path / "flag"  # --home wins


def test_first_load_creates_a_workstation_id_that_stays(paths: Paths) -> None:
    first = config_mod.load(paths)
    assert paths.config_file.exists()
    assert config_mod.load(paths).workstation_id == first.workstation_id


def test_profiles_round_trip(paths: Paths) -> None:
    pg = Profile("team", "postgresql://alice@db.example.invalid/queue", "/srv/media", "alice")
    config_mod.add_profile(paths, pg)
    config_mod.add_profile(paths, Profile("other", "sqlite:///x.sqlite", "/m"))
    loaded = config_mod.load(paths)
    assert loaded.profiles["team"] == pg
    assert loaded.default_profile == "team"
    assert loaded.profile(None, paths) == pg
    config_mod.remove_profile(paths, "team")
    assert config_mod.load(paths).default_profile == "other"
    with pytest.raises(NotFound, match="no profile named 'team'"):
        config_mod.load(paths).profile("team", paths)


def test_the_local_profile_always_exists(paths: Paths) -> None:
    local = config_mod.load(paths).profile(None, paths)
    assert local.name == "local"
    assert local.database.endswith("workspaces/local.sqlite")


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (Profile("bad name!", "sqlite:///x", "/m"), "profile name"),
        (Profile("p", "postgresql://u:secret@h/db", "/m"), "do not put a password"),
        (Profile("p", "mysql://h/db", "/m"), "unsupported database"),
        (Profile("p", "sqlite:///x", ""), "media root"),
    ],
)
def test_bad_profiles_are_refused(paths: Paths, profile: Profile, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_mod.add_profile(paths, profile)


def test_a_broken_config_file_is_a_clear_error(paths: Paths) -> None:
    paths.config_file.parent.mkdir(parents=True)
    paths.config_file.write_text("default_profile = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config_mod.load(paths)
    paths.config_file.write_text("[profiles.x]\ndatabase = 'sqlite:///x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs 'database' and 'media_root'"):
        config_mod.load(paths)


def test_passwords_live_only_in_the_keyring(paths: Paths, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    secrets.store_password("team", "s3cret")
    assert memory_keyring.secrets == {("moderator", "profile:team"): "s3cret"}
    assert secrets.get_password("team") == "s3cret"
    config_mod.add_profile(paths, Profile("team", "postgresql://a@h/db", "/m"))
    assert "s3cret" not in paths.config_file.read_text(encoding="utf-8")


def test_no_usable_keyring_stores_nothing() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(secrets.SecretsUnavailable, match="no usable system keyring"):
        secrets.store_password("team", "s3cret")


def test_require_signed_round_trips_and_is_off_by_default(paths: Paths) -> None:
    config_mod.add_profile(paths, Profile("team", "sqlite:///t.sqlite", "/m", require_signed=True))
    config_mod.add_profile(paths, Profile("solo", "sqlite:///s.sqlite", "/m"))
    loaded = config_mod.load(paths)
    assert loaded.profiles["team"].require_signed is True
    assert loaded.profiles["solo"].require_signed is False
    text = paths.config_file.read_text(encoding="utf-8")
    assert text.count("require_signed = true") == 1


@pytest.mark.parametrize("value", ['"yes"', "1", '"true"'])
def test_require_signed_must_be_a_toml_boolean(paths: Paths, value: str) -> None:
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(
        f'[profiles.team]\ndatabase = "sqlite:///t.sqlite"\nmedia_root = "/m"\n'
        f"require_signed = {value}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="require_signed must be true or false"):
        config_mod.load(paths)
