"""Fixed-length pairs (a tuple in a row, such as a day and its count) in the OpenAPI document.

Pydantic describes a tuple with JSON Schema 2020-12's `prefixItems`, which some OpenAPI tools
(the schema fuzzer among them) misread; the same pair is said here as an array of exactly
that many items, each one of the pair's types.
"""

from __future__ import annotations

from typing import Any


def plain_pairs(node: Any) -> None:
    """Rewrite every `prefixItems` under `node` in place."""
    if isinstance(node, list):
        for item in node:
            plain_pairs(item)
        return
    if not isinstance(node, dict):
        return
    prefix = node.get("prefixItems")
    if isinstance(prefix, list) and prefix:
        del node["prefixItems"]
        unique = [p for i, p in enumerate(prefix) if p not in prefix[:i]]
        node["items"] = unique[0] if len(unique) == 1 else {"anyOf": unique}
        node["minItems"] = node["maxItems"] = len(prefix)
    for value in node.values():
        plain_pairs(value)
