"""Tables of wellbeing (issue 5): exposure, breaks, check-ins."""

from __future__ import annotations
