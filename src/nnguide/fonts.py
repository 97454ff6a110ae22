"""A CJK font for matplotlib, so that Chinese plot labels render instead of empty boxes.

matplotlib's default font, DejaVu Sans, has no Chinese glyphs. nnguide depends on
``pylopdf-fonts-zh-cn``, which ships Noto Sans SC; :func:`cjk_font_family` registers it with
matplotlib. Where that package is missing, a CJK font installed on the system is used instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from matplotlib import font_manager

# Simplified-Chinese fonts commonly installed by operating systems, best first.
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)


def bundled_cjk_font_path() -> Path | None:
    """Return the Noto Sans SC file of ``pylopdf-fonts-zh-cn``, or ``None`` if it is not installed."""
    if importlib.util.find_spec("pylopdf_fonts_zh_cn") is None:
        return None
    import pylopdf_fonts_zh_cn  # noqa: PLC0415 (optional at run time)

    path: Path = pylopdf_fonts_zh_cn.sans_path()
    return path if path.is_file() else None


def cjk_font_family() -> str:
    """Register a Simplified-Chinese font with matplotlib and return its family name.

    Returns
    -------
    str
        A family name to put in ``rcParams["font.sans-serif"]``.

    Raises
    ------
    RuntimeError
        If neither the bundled font nor a system CJK font can be found.

    Examples
    --------
    >>> cjk_font_family()
    'Noto Sans SC'
    """
    path = bundled_cjk_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in SYSTEM_CJK_FAMILIES:
        if family in installed:
            return family
    msg = (
        "no Chinese font found for matplotlib: install one with "
        "`pip install pylopdf-fonts-zh-cn` (or `apt-get install fonts-noto-cjk`)."
    )
    raise RuntimeError(msg)
