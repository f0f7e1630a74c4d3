"""moderator: a review workstation for reports of abusive media, built around reviewer wellbeing."""

__version__ = "0.1.0"
