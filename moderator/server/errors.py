"""Errors only the server raises (the services' own errors are mapped in `problems`)."""

from __future__ import annotations

from moderator.domain.errors import ModeratorError


class IdempotencyKeyReused(ModeratorError):
    """A request id already used for a different request."""


class ForeignEvent(ModeratorError):
    """A pushed event names another workstation or person."""


class EventRefused(ModeratorError):
    """A pushed event is of a kind only the server records."""


class ChainRejected(ModeratorError):
    """A pushed event does not link, hash or verify."""


class BreakNotOver(ModeratorError):
    """A break cannot end yet (or, being hard, cannot be skipped)."""


class DecisionPending(ModeratorError):
    """The lease has a submitted decision in its grace period."""


class MediaUnavailable(ModeratorError):
    """The media file is missing from the media store or fails its SHA-256 check."""


class TooManyLeases(ModeratorError):
    """The reviewer holds as many reports as a desktop may at once."""


class TooLarge(ModeratorError):
    """A request, a batch or an uploaded file is over the server's limits."""


class LengthRequired(ModeratorError):
    """An upload without a Content-Length: the server must know the size before reading."""


class ChangeRefused(ModeratorError):
    """A supervisor's change the record's rules refuse (an unknown name, a course still held)."""
