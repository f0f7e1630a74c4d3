"""Files the CLI and the window write are private to the user: 0600, in folders made 0700.

The helpers are `moderator.store.private` (the database layer needs them for the workspace
file); this is their face for the layers above, and the log file's handler.
"""

from __future__ import annotations

import io
from logging.handlers import RotatingFileHandler

from moderator.store.private import open_private, private_dir, private_sqlite, write_private_text

__all__ = [
    "PrivateRotatingFileHandler",
    "open_private",
    "private_dir",
    "private_sqlite",
    "write_private_text",
]


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and each started on rotation) are
    created 0600 whatever the umask; rotated ones keep that mode when renamed."""

    def _open(self) -> io.TextIOWrapper:
        return open_private(
            self.baseFilename, "a", encoding=self.encoding or "utf-8", errors=self.errors
        )
