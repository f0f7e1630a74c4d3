"""Tables of quality assurance (issue 7): gold items, second review, adjudication."""

from __future__ import annotations
