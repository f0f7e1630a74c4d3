"""The policy file's after-the-decision keys: an outcome's `actions`, the `[lifecycle]` table.

```toml
[lifecycle]
notice_days = 7            # a reporter's notice is due by the end of the 7th day after receipt
retention_days = 1095      # default retention of the queues on this policy
min_retention_days = 365   # no queue on this policy may keep reports for less

[[outcomes]]
actions = ["remove", { kind = "notify_host", due_hours = 4, follow_up_hours = 24 }]
```
Both are optional: a policy without them calls for no actions and sets no defaults.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from moderator.domain.lifecycle import (
    DEFAULT_DUE_HOURS,
    DEFAULT_FOLLOW_UP_HOURS,
    MAX_DAYS,
    ActionKind,
    ActionSpec,
    Lifecycle,
)
from moderator.domain.toml_lines import Path

T = TypeVar("T")
LIFECYCLE_KEYS = ("notice_days", "retention_days", "min_retention_days")
ACTION_KEYS = ("kind", "due_hours", "follow_up_hours")
MAX_HOURS = 24 * 365


class Reader(Protocol):
    def fail(self, path: Path, message: str) -> None: ...

    def table(self, raw: Any, path: Path, allowed: tuple[str, ...] | None) -> dict[str, Any]: ...

    def get(self, raw: dict[str, Any], path: Path, key: str, kind: type[T], default: T) -> T: ...


def read_lifecycle(reader: Reader, top: dict[str, Any]) -> Lifecycle:
    if "lifecycle" not in top:
        return Lifecycle()
    path: Path = ("lifecycle",)
    raw = reader.table(top["lifecycle"], path, LIFECYCLE_KEYS)
    values: dict[str, int | None] = {}
    for key in LIFECYCLE_KEYS:
        value = reader.get(raw, path, key, int, 0) if key in raw else None
        if value is not None and not 1 <= value <= MAX_DAYS:
            reader.fail(path + (key,), f"days, within 1..{MAX_DAYS}")
            value = None
        values[key] = value
    made = Lifecycle(values["notice_days"], values["retention_days"],
                     values["min_retention_days"] or 0)  # fmt: skip
    if made.retention_days is not None and made.retention_days < made.min_retention_days:
        reader.fail(path + ("retention_days",), "shorter than min_retention_days")
    return made


def read_actions(reader: Reader, outcome: dict[str, Any], path: Path) -> tuple[ActionSpec, ...]:
    raw = reader.get(outcome, path, "actions", list, [])
    specs: list[ActionSpec] = []
    for i, item in enumerate(raw):
        spec = _action(reader, item, path + ("actions", i))
        if spec is None:
            continue
        if any(s.kind is spec.kind for s in specs):
            reader.fail(path + ("actions", i), f"{spec.kind.value!r} is listed twice")
        specs.append(spec)
    return tuple(specs)


def _action(reader: Reader, item: Any, where: Path) -> ActionSpec | None:
    table = {"kind": item} if isinstance(item, str) else reader.table(item, where, ACTION_KEYS)
    kind_text = reader.get(table, where, "kind", str, "")
    try:
        kind = ActionKind(kind_text)
    except ValueError:
        kinds = ", ".join(k.value for k in ActionKind)
        reader.fail(where, f"{kind_text!r} is not an action (actions: {kinds})")
        return None
    hours = []
    for key, default in (("due_hours", DEFAULT_DUE_HOURS), ("follow_up_hours",
                                                             DEFAULT_FOLLOW_UP_HOURS)):  # fmt: skip
        value = reader.get(table, where, key, int, default)
        if not 1 <= value <= MAX_HOURS:
            reader.fail(where + (key,), f"hours, within 1..{MAX_HOURS}")
            value = default
        hours.append(value)
    return ActionSpec(kind, hours[0], hours[1])
