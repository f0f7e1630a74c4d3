"""Re-extract the window's texts and compile the catalogs: `python -m moderator.ui.i18n_build`.

1. `pyside6-lupdate` reads every `translate("context", "text")` under `moderator/ui/` into
   `resources/i18n/moderator_<lang>.ts` (new texts come in unfinished, texts no longer in
   the code are dropped; no line numbers, so moving code does not touch the catalog).
2. A translator fills the new entries: in Qt Linguist (`pyside6-linguist FILE.ts`) or any
   text editor (the `<translation>` elements).
3. `pyside6-lrelease` compiles each `.ts` to the `.qm` the program loads. The `.qm` files are
   committed, so a checkout or a wheel needs no Qt tools; a test fails when one is older
   than its `.ts`.

`--check` only compiles to a temporary folder and says whether the committed `.qm` match.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "moderator" / "ui"
I18N = ROOT / "resources" / "i18n"
TRANSLATED = ("ko",)  # English is the source language: no catalog


def tool(name: str) -> str:
    """A PySide6 tool, from the running Python's folder first (a venv not on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6 (`pip install PySide6`)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in UI.rglob("*.py"))


def ts_file(lang: str) -> Path:
    return I18N / f"moderator_{lang}.ts"


def qm_file(lang: str) -> Path:
    return I18N / f"moderator_{lang}.qm"


def extract(lang: str, ts: Path | None = None) -> None:
    """Bring the `.ts` of `lang` (or the copy `ts`) up to date with the code."""
    target = ts or ts_file(lang)
    subprocess.run(
        [tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
         "-target-language", lang, "-ts", str(target)],  # fmt: skip
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def stale() -> list[str]:
    """The committed `.qm` files that differ from what their `.ts` compiles to."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in TRANSLATED:
            fresh = Path(tmp) / f"{lang}.qm"
            compile_qm(ts_file(lang), fresh)
            if not qm_file(lang).exists() or fresh.read_bytes() != qm_file(lang).read_bytes():
                out.append(qm_file(lang).name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m moderator.ui.i18n_build")
    parser.add_argument("--check", action="store_true", help="only check the .qm are current")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for name in bad:
            print(f"{name} is older than its .ts: run python -m moderator.ui.i18n_build")
        return 1 if bad else 0
    for lang in TRANSLATED:
        extract(lang)
        compile_qm(ts_file(lang), qm_file(lang))
        print(f"{ts_file(lang).relative_to(ROOT)} -> {qm_file(lang).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
