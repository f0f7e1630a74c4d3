"""The server's Ed25519 signing key: from a key file given to `moderator serve --key-file`,
or else from the OS keyring (service "moderator-signing", user "team-server").

A key file holds the raw private key as hex. It is made on first use with mode 0600 and
refused if anyone but its owner may read it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from moderator.domain.errors import ConfigError
from moderator.services import signing

KEYRING_USER = "team-server"


def load(path: Path | None) -> Ed25519PrivateKey:
    if path is None:
        return signing.signing_key(KEYRING_USER)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(key.private_bytes_raw().hex() + "\n")
        return key
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"the key file {path} may be read by others (mode {stat.filemode(mode)}); "
            f"chmod 600 {path}"
        )
    try:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(path.read_text().strip()))
    except ValueError as exc:
        raise ConfigError(f"the key file {path} does not hold an Ed25519 key") from exc
