"""Gold items and QA rates over the team server (services.supervision.GoldItems).

Changes carry a fresh request id, sent again after a failed connection and applied once."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import TypeAdapter

from moderator.remote.client import Api
from moderator.remote.outbox import new_request_id
from moderator.services.quality import DecidedReport, GoldItemRow, QueueQa

BASE = "/v1/supervisor"
_GOLD = TypeAdapter(GoldItemRow)
_GOLDS = TypeAdapter(list[GoldItemRow])
_DECIDED = TypeAdapter(list[DecidedReport])
_RATES = TypeAdapter(QueueQa)
_ALL_RATES = TypeAdapter(list[QueueQa])


class RemoteGoldItems:
    def __init__(self, api: Api) -> None:
        self.api = api

    def _change(self, path: str, **body: Any) -> Any:
        return self.api.call("POST", f"{BASE}{path}", {"request_id": new_request_id(), **body})

    def decided_reports(self, limit: int = 200) -> list[DecidedReport]:
        data = self.api.call("GET", f"{BASE}/gold/candidates", params={"limit": limit})
        return _DECIDED.validate_python(data)

    def gold_items(self, *, include_retired: bool = False) -> list[GoldItemRow]:
        params = {"include_retired": include_retired}
        return _GOLDS.validate_python(self.api.call("GET", f"{BASE}/gold", params=params))

    def mark_gold(self, report: str, outcome: str, note: str = "") -> GoldItemRow:
        data = self._change("/gold", report=report, outcome=outcome, note=note)
        return _GOLD.validate_python(data["gold"])

    def retire_gold(self, gold: str) -> GoldItemRow:
        data = self._change(f"/gold/{quote(gold, safe='')}/retire")
        return _GOLD.validate_python(data["gold"])

    def settings(self) -> list[QueueQa]:
        return _ALL_RATES.validate_python(self.api.call("GET", f"{BASE}/qa-settings"))

    def set_settings(
        self, queue: str, *, gold_rate: float | None = None, second_review: float | None = None
    ) -> QueueQa:
        data = self._change(
            f"/qa-settings/{quote(queue, safe='')}",
            gold_rate=gold_rate,
            second_review=second_review,
        )
        return _RATES.validate_python(data["settings"])
