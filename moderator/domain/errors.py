"""Expected problems, each with a message fit to show the user."""


class ModeratorError(Exception):
    """An expected problem with a message fit to show the user."""


class ConfigError(ModeratorError):
    """A configuration value is wrong or missing."""


class NotFound(ModeratorError):
    """A named thing does not exist."""


class NotEligible(ModeratorError):
    """The reviewer may not do this (role or training)."""


class DatabaseUnavailable(ModeratorError):
    """The database cannot be reached or used right now; retrying may work."""


class LeaseLost(ModeratorError):
    """The report is no longer claimed by this reviewer (lease expired or taken over)."""
