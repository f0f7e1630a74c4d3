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


class LoginRefused(DatabaseUnavailable):
    """The database server was reached and refused the login (password, role, database)."""


class WorkspaceRefused(ModeratorError):
    """The database is not one of ours, or is newer than this program: it is left untouched."""


class LeaseLost(ModeratorError):
    """The report is no longer claimed by this reviewer (lease expired or taken over)."""
