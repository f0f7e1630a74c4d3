"""Media previews and hashes: the sandboxed pool against the naive way, side by side.

Usage: python -m bench.bench_media [--runs N] [--keep DIR]
Generates its media (a 24 MP JPEG, a 4K PNG, a 60-second 1080p H.264 clip) in a temp folder,
then times each path several times and prints medians with the targets of issue 3. Nothing
is asserted; the last column says whether the target was met on this machine.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageFilter

from moderator.media import BlurLevel, MediaPool, Rendered, RenderRequest
from moderator.media.blur import SIGMA_FRACTION
from moderator.media.hashing import image_pdq
from moderator.media.render import sniff_bytes
from moderator.media.types import Limits

BOX = (1280, 960)


def photo(width: int, height: int, seed: int) -> Image.Image:
    """Photo-like synthetic content: smooth gradients, soft shapes, sensor-like noise."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (height // 200 + 2, width // 200 + 2, 3), dtype=np.uint8)
    image = Image.fromarray(small, "RGB").resize((width, height), Image.Resampling.BICUBIC)
    pixels = np.asarray(image, dtype=np.int16)
    pixels += rng.integers(-12, 13, pixels.shape, dtype=np.int16)  # ~ a 24 MP phone photo
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def clip(path: Path, seconds: int = 60, fps: int = 25) -> Path:
    """1080p H.264, a keyframe every 2 s; frames cycle through a few precomputed pictures."""
    pictures = [np.asarray(photo(1920, 1080, seed)) for seed in range(4)]
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.codec_context.gop_size = 2 * fps
        stream.codec_context.options = {"preset": "ultrafast", "crf": "26"}
        frames = [av.VideoFrame.from_ndarray(p, format="rgb24").reformat(format="yuv420p")
                  for p in pictures]  # fmt: skip
        for i in range(seconds * fps):
            frame = frames[(i // 10) % len(frames)]
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (page cache, worker imports) like a session in progress would
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def naive(path: Path, level: BlurLevel) -> Image.Image:
    """The obvious way: decode everything, blur at full size, resize, then make it grey."""
    image = Image.open(path)
    sigma = SIGMA_FRACTION[level] * max(image.size)
    blurred = image.filter(ImageFilter.GaussianBlur(sigma))
    return blurred.resize(BOX, Image.Resampling.BILINEAR).convert("L")


def bare_eighth(path: Path) -> Image.Image:
    image = Image.open(path)
    image.draft("RGB", (image.width // 8, image.height // 8))
    image.load()
    return image


def rendered(pool: MediaPool, req: RenderRequest) -> Rendered:
    result = pool.render(req)
    assert isinstance(result, Rendered), result
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate the media here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-media-"))
    folder.mkdir(parents=True, exist_ok=True)
    runs = args.runs

    print("generating media...", flush=True)
    jpeg, png, video = folder / "24mp.jpg", folder / "4k.png", folder / "60s-1080p.mp4"
    if not jpeg.exists():
        photo(6000, 4000, 1).save(jpeg, "JPEG", quality=92)
    if not png.exists():
        photo(3840, 2160, 2).save(png, compress_level=6)
    if not video.exists():
        clip(video)
    sha = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (jpeg, png, video)}
    print(f"  24 MP JPEG {jpeg.stat().st_size / 1e6:.1f} MB, 4K PNG {png.stat().st_size / 1e6:.1f}"
          f" MB, clip {video.stat().st_size / 1e6:.1f} MB\n")  # fmt: skip

    level = BlurLevel.STRONG
    rows: list[tuple[str, str, str, bool]] = []
    with MediaPool(workers=1, limits=Limits(timeout_s=30)) as pool:
        pool.start()
        preview = RenderRequest(str(jpeg), sha[jpeg], *BOX, blur=level)
        t_naive = median_ms(lambda: naive(jpeg, level), max(3, runs // 2))
        t_floor = median_ms(lambda: bare_eighth(jpeg), runs)
        t_pool = median_ms(lambda: rendered(pool, preview), runs)
        rows.append(("24 MP JPEG naive (full decode, full blur, resize)", f"{t_naive:.0f} ms",
                     "", True))  # fmt: skip
        rows.append(("24 MP JPEG bare 1/8-scale decode (floor)", f"{t_floor:.0f} ms", "", True))
        rows.append(("24 MP JPEG blurred 1280x960 preview, pool", f"{t_pool:.0f} ms",
                     f"{t_naive / t_pool:.1f}x faster (>=10x), {t_pool / t_floor:.2f}x floor"
                     " (<=1.5x)", t_naive / t_pool >= 10 and t_pool / t_floor <= 1.5))  # fmt: skip

        sharp = RenderRequest(str(jpeg), sha[jpeg], *BOX, sharp=True)
        t_sharp = median_ms(lambda: rendered(pool, sharp), runs)
        rows.append(("24 MP JPEG reveal (sharp 1280x960), pool", f"{t_sharp:.0f} ms",
                     "< 150 ms", t_sharp < 150))  # fmt: skip

        png_req = RenderRequest(str(png), sha[png], *BOX, blur=level)
        t_png_naive = median_ms(lambda: naive(png, level), max(3, runs // 2))
        t_png_floor = median_ms(lambda: Image.open(png).load(), max(3, runs // 2))
        t_png = median_ms(lambda: rendered(pool, png_req), runs)
        rows.append(("4K PNG naive", f"{t_png_naive:.0f} ms", "", True))
        rows.append(("4K PNG bare decode (floor)", f"{t_png_floor:.0f} ms", "", True))
        speedup = t_png_naive / t_png
        rows.append(("4K PNG blurred 1280x960 preview, pool", f"{t_png:.0f} ms",
                     f"{speedup:.1f}x faster (>=2x)", speedup >= 2))  # fmt: skip

        sheet = RenderRequest(str(video), sha[video], *BOX, blur=level, sheet_frames=12)
        result = rendered(pool, sheet)
        t_sheet = median_ms(lambda: rendered(pool, sheet), runs)
        rows.append((f"60 s 1080p contact sheet, {len(result.contact_sheet_times)} keyframes, pool",
                     f"{t_sheet:.0f} ms", "< 500 ms", t_sheet < 500))  # fmt: skip

        data = jpeg.read_bytes()
        sniffed = sniff_bytes(data)
        t_pdq = median_ms(lambda: image_pdq(data, sniffed, Limits()), runs)
        t_hashes = median_ms(lambda: pool.hashes(str(jpeg)), runs)
        rows.append(("24 MP JPEG PDQ (canonical decode + hash), 1 core", f"{1000 / t_pdq:.1f}/s",
                     ">= 10/s", 1000 / t_pdq >= 10))  # fmt: skip
        rows.append(("24 MP JPEG ingest hashes (read+SHA-256+MD5+PDQ), 1 worker",
                     f"{1000 / t_hashes:.1f}/s", ">= 10/s", 1000 / t_hashes >= 10))  # fmt: skip

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>10}  target")
    for name, value, target, met in rows:
        mark = ("OK  " if met else "MISS") if target else "    "
        print(f"{name:<{width}}  {value:>10}  {mark} {target}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
