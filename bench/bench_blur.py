"""How much recognisable structure each blur level keeps: the table behind exposure counting.

Usage: python -m bench.bench_blur [--plain]
Renders every blur level through the project's own pipeline over synthetic test pictures
(`moderator.media.legibility`), measures masked SSIM at the recognition scale against the
sharp display, and prints a Markdown table (per picture, the worst case, and which levels
count as exposure under the threshold). Also prints the pixel-scale SSIM and edge energy
kept, which show why those were not used. `--plain` prints only the main table.
"""

from __future__ import annotations

import argparse

import numpy as np
from PIL import Image

from moderator.media import legibility as lg
from moderator.media.blur import SIGMA_FRACTION
from moderator.media.types import BlurLevel


def pixel_scale(sharp: Image.Image, shown: Image.Image) -> tuple[float, float]:
    """(plain SSIM at display scale, fraction of gradient energy kept), for comparison."""
    a = np.asarray(sharp.convert("L"), dtype=np.float64)
    b = np.asarray(shown.convert("L"), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    m = lg._mean  # noqa: SLF001 - the same window as the measure
    ma, mb = m(a), m(b)
    va, vb, cov = m(a * a) - ma * ma, m(b * b) - mb * mb, m(a * b) - ma * mb
    ssim = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))

    def energy(x: np.ndarray) -> float:
        return float((np.diff(x, axis=0) ** 2).sum() + (np.diff(x, axis=1) ** 2).sum())

    return float(ssim.mean()), energy(b) / energy(a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="only the main table")
    args = parser.parse_args()
    table = lg.measure()
    worst = lg.worst_case(table)
    levels = list(BlurLevel)
    head = "| picture | " + " | ".join(f"blur {int(lv)}" for lv in levels) + " |"
    print(head)
    print("|---|" + "---:|" * len(levels))
    sigma = " | ".join(f"{SIGMA_FRACTION[lv] * 100:.1f} %" for lv in levels)
    print(f"| *sigma (of the long side)* | {sigma} |")
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(f"{row[lv]:.2f}" for lv in levels) + " |")
    print("| **worst case (max)** | " + " | ".join(f"**{worst[lv]:.2f}**" for lv in levels) + " |")
    counted = " | ".join("yes" if worst[lv] >= lg.THRESHOLD else "no" for lv in levels)
    print(f"| counts as exposure (>= {lg.THRESHOLD}) | {counted} |")
    drift = max(abs(worst[lv] - lg.MEASURED[lv]) for lv in levels)
    print(f"\nlargest difference from MEASURED in legibility.py: {drift:.3f}")
    if args.plain:
        return
    print("\nFor comparison, at display scale (pixel SSIM / gradient energy kept):\n")
    print(head)
    print("|---|" + "---:|" * len(levels))
    for name, make in lg.PICTURES.items():
        sharp = make()
        cells = [pixel_scale(sharp, lg.displayed(sharp, lv)) for lv in levels]
        print(f"| {name} | " + " | ".join(f"{s:.2f} / {e:.3f}" for s, e in cells) + " |")


if __name__ == "__main__":
    main()
