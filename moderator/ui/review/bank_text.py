"""A hash-bank match explained in the reviewer's language (`BankMatchRow.explained` is the
English the CLI and the logs write): the item, bank, signal and distance, what was done, and
who confirmed the entry, when and from where."""

from __future__ import annotations

from moderator.domain.banks import SIGNAL_NAMES, BankMatchRow
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate

# domain.banks.ACTION_TEXT, for the catalog.
ACTIONS = {
    "known": QT_TRANSLATE_NOOP("review", "known content, decided automatically; no one viewed it"),
    "route": QT_TRANSLATE_NOOP("review", "routed to this queue"),
    "flag": QT_TRANSLATE_NOOP("review", "flagged for you"),
    "safe": QT_TRANSLATE_NOOP("review", "a known false positive (safe list)"),
    "suppressed": QT_TRANSLATE_NOOP("review", "overridden by the safe list"),
}


def explained(row: BankMatchRow) -> str:
    """One line, as `row.explained`, in the window's language."""
    signal = SIGNAL_NAMES.get(row.signal, row.signal)
    if row.signal == "vpdq":
        signal = translate("review", "video PDQ")
    if row.signal in ("sha256", "md5"):
        how = translate("review", "{signal} exact").format(signal=signal)
    else:
        how = translate("review", "{signal} distance {distance}").format(
            signal=signal, distance=row.distance
        )
    done = translate("review", ACTIONS[row.action]) if row.action in ACTIONS else row.action
    if row.from_report:
        where = translate("review", "report {ref}").format(ref=row.from_report)
    else:
        where = row.origin or translate("review", "unknown")
    who = row.confirmed_by or translate("review", "unknown")
    if row.confirmed_at:
        confirmed = translate("review", "Confirmed by {who} on {day}, from {where}.").format(
            who=who, day=row.confirmed_at[:10], where=where
        )
    else:
        confirmed = translate("review", "Confirmed by {who}, from {where}.").format(
            who=who, where=where
        )
    line = translate("review", "Item {position}: bank {bank}, {how}: {done}.").format(
        position=row.position + 1, bank=row.bank, how=how, done=done
    )
    return f"{line} {confirmed}"
