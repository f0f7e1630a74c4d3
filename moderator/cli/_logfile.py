"""The log file, private to the user (0600) like everything else the program writes."""

from __future__ import annotations

import io
from logging.handlers import RotatingFileHandler

from moderator.store.private import open_private


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and each started on rotation) are
    created 0600 whatever the umask; rotated ones keep that mode when renamed."""

    def _open(self) -> io.TextIOWrapper:
        return open_private(
            self.baseFilename, "a", encoding=self.encoding or "utf-8", errors=self.errors
        )
