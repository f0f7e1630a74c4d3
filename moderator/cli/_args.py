"""Argument types that refuse nonsense at the prompt (argparse prints the reason, exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def at_least(minimum: int) -> Callable[[str], int]:
    """An integer type for argparse that refuses values below `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    parse.__name__ = "number"  # argparse names the type in its messages
    return parse


positive_int = at_least(1)
non_negative_int = at_least(0)
