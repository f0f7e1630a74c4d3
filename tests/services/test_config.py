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
    with pytest.raises(ConfigError, match=r"config.toml:1: profiles.x: needs 'media_root'$"):
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
        f'[workstation]\nid = "w1"\n[profiles.team]\ndatabase = "sqlite:///t.sqlite"\n'
        f'media_root = "/m"\nrequire_signed = {value}\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="require_signed"):
        config_mod.load(paths)


def _write(paths: Paths, content: str | bytes) -> None:
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        paths.config_file.write_bytes(content)
    else:
        paths.config_file.write_text(content, encoding="utf-8")


GOOD = """default_profile = "team"

[workstation]
id = "01a2339b-98be-7000-8265-90fa1418a279"

[profiles.team]
database = "postgresql://alice@db.example.invalid/queue"
media_root = "/srv/media"
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            r"config.toml: not UTF-8 text \(byte 1\); is it a TOML file\?$",
        ),
        ("caf\xe9 = 1".encode("latin-1"), "not UTF-8 text"),
        (b"\x00\x00\x00", "not valid TOML"),
        (
            GOOD.replace('media_root = "/srv/media"', "media_root = 5"),
            r"config.toml:8: profiles.team.media_root: expected text, got a whole number$",
        ),
        (
            GOOD.replace("media_root", "media-root"),
            r"config.toml:8: profiles.team.media-root: unknown setting \(known here: central, ",
        ),
        (
            GOOD.replace('default_profile = "team"', "default_profile = true"),
            r"config.toml:1: default_profile: expected text, got true or false$",
        ),
        (GOOD + "\n[wrokstation]\nid = 'x'\n", r"config.toml:10: wrokstation: unknown setting"),
        (
            GOOD.replace('id = "01a2339b-98be-7000-8265-90fa1418a279"', 'id = ""'),
            r"config.toml:4: workstation.id: is empty$",
        ),
        (
            GOOD.replace("postgresql://alice@db.example.invalid/queue", "queue.sqlite"),
            r"config.toml:6: profile 'team': database 'queue.sqlite' is not a URL",
        ),
        (
            GOOD.replace("[profiles.team]", "[profiles.team]\nreviewer = 7"),
            r"config.toml:7: profiles.team.reviewer: expected text",
        ),
    ],
)
def test_a_config_file_is_checked_line_by_line(
    paths: Paths, content: str | bytes, message: str
) -> None:
    _write(paths, content)
    with pytest.raises(ConfigError, match=message):
        config_mod.load(paths)


def test_a_config_without_a_workstation_is_refused_not_rewritten(paths: Paths) -> None:
    text = GOOD.replace('[workstation]\nid = "01a2339b-98be-7000-8265-90fa1418a279"\n', "")
    _write(paths, text)
    with pytest.raises(ConfigError, match=r"the \[workstation\] section is missing") as refused:
        config_mod.load(paths)
    assert "audit chain" in str(refused.value)
    assert paths.config_file.read_text(encoding="utf-8") == text  # nothing was rewritten


def test_a_good_config_file_loads_unchanged(paths: Paths) -> None:
    _write(paths, GOOD)
    config = config_mod.load(paths)
    assert config.workstation_id == "01a2339b-98be-7000-8265-90fa1418a279"
    assert config.profiles["team"].media_root == "/srv/media"
    assert not config.profiles["team"].managed
    assert paths.config_file.read_text(encoding="utf-8") == GOOD


def test_only_the_programs_own_workspaces_are_made_on_first_use(paths: Paths) -> None:
    config_mod.add_profile(paths, config_mod.embedded_profile(paths, "demo"))
    config_mod.add_profile(paths, Profile("mine", "sqlite:////srv/mine.sqlite", "/m"))
    loaded = config_mod.load(paths)
    assert loaded.profiles["demo"].managed
    assert not loaded.profiles["mine"].managed
    assert loaded.profile("local", paths).managed


def test_reading_a_password_without_a_keyring_finds_none() -> None:
    keyring.set_keyring(fail.Keyring())
    assert secrets.get_password("team") is None
    assert "needs a system keyring" in secrets.missing_password("team")
