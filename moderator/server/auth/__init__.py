"""Enrollment, tokens and the one authentication dependency."""
