"""The recognisable blur levels come from the measurement, and the measurement still holds."""

from __future__ import annotations

import pytest

from moderator.media import legibility as lg
from moderator.media.types import BlurLevel


@pytest.fixture(scope="module")
def table() -> dict[str, dict[BlurLevel, float]]:
    return lg.measure()


def test_the_stored_measurement_is_what_the_pipeline_measures_now(
    table: dict[str, dict[BlurLevel, float]],
) -> None:
    worst = lg.worst_case(table)
    for level in BlurLevel:
        assert worst[level] == pytest.approx(lg.MEASURED[level], abs=0.02), level


def test_recognisable_levels_are_derived_from_the_measurement(
    table: dict[str, dict[BlurLevel, float]],
) -> None:
    worst = lg.worst_case(table)
    measured = {level for level in BlurLevel if worst[level] >= lg.THRESHOLD}
    assert measured == lg.RECOGNISABLE
    # The threshold sits in a gap: no level is within a hair of it.
    assert min(abs(score - lg.THRESHOLD) for score in worst.values()) > 0.05
    # More blur never keeps more structure, on any picture.
    for row in table.values():
        scores = [row[level] for level in BlurLevel]
        assert scores == sorted(scores, reverse=True)


def test_light_levels_count_and_the_default_does_not() -> None:
    assert lg.recognisable(BlurLevel.LIGHT)
    assert lg.recognisable(BlurLevel.SOFT)
    assert not lg.recognisable(BlurLevel.STRONG)
    assert not lg.recognisable(BlurLevel.UNRECOGNISABLE)


def test_a_sharp_picture_keeps_all_its_structure() -> None:
    sharp = lg.face()
    assert lg.structure_kept(sharp, sharp) == pytest.approx(1.0)
