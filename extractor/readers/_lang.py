"""Guess a page's language from its text (only the two the corpus holds).

Not responsible for anything finer than "is this mostly Chinese": the pages
are either English or Simplified Chinese, and a share of CJK characters in the
prose decides it.
"""

from __future__ import annotations

import re

__all__ = ["guess_lang"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def guess_lang(text: str) -> str:
    """``zh-CN`` when Chinese characters outweigh Latin words, else ``en``.

    Chinese pages are full of English identifiers (parameter names, types), so
    a single CJK character per ~4 Latin words already marks a Chinese page.
    """
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return "zh-CN" if cjk * 4 >= words and cjk > 0 else "en"
