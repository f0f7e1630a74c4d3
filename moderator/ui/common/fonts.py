"""The Korean font the program ships: no empty boxes for Hangul on a clean machine.

`resources/fonts/NanumGothic.ttf` (NAVER's Nanum Gothic, SIL Open Font License 1.1, licence
in `resources/fonts/OFL.txt`, the file unmodified from Debian's fonts-nanum) is registered as
an application font at start-up and put behind the system's default family: Latin text keeps
the desktop's font, and any character it lacks (every Hangul syllable on a machine without a
Korean font) is drawn with Nanum Gothic. Nothing is fetched from the network.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from moderator.domain import shipped

FILE = "NanumGothic.ttf"
FAMILY = "NanumGothic"


def register() -> str:
    """Load the shipped font into Qt's database (once); returns its family name."""
    if FAMILY in QFontDatabase.families():
        return FAMILY
    data = shipped.folder("fonts").joinpath(FILE).read_bytes()
    font_id = QFontDatabase.addApplicationFontFromData(data)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"the shipped font {FILE} cannot be loaded: reinstall the program")
    return families[0]


def install(app: QApplication) -> str:
    """Register the font and make it the fallback behind the application's default font."""
    family = register()
    font = app.font()
    first = font.family()
    font.setFamilies([first, family] if first and first != family else [family])
    app.setFont(font)
    # Fonts a style sheet or a widget names explicitly fall back to it as well.
    for name in (first, "Sans Serif", "sans-serif", "Monospace", "DejaVu Sans"):
        if name and family not in QFont.substitutes(name):
            QFont.insertSubstitution(name, family)
    return family
