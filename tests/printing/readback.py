"""Reading printouts back as a person or a scanner would: PDF text and QR codes."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

_ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def pdf_words(path: Path) -> set[str]:
    """Every word of the PDF's text. NFKC folds ligatures (ﬁ) and Arabic presentation forms;
    pypdf returns right-to-left words in visual order, so Arabic words are read reversed."""
    text = "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    # Reverse before folding: a lam-alef ligature is one glyph until NFKC splits it in two.
    return {
        word
        for raw in _WORD.findall(text)
        for word in _WORD.findall(unicodedata.normalize("NFKC", _logical(raw)))
    }


def _logical(word: str) -> str:
    return word[::-1] if _ARABIC.search(word) else word


def words_of(name: str) -> set[str]:
    return set(_WORD.findall(unicodedata.normalize("NFKC", name)))


def qr_texts(image: QImage) -> list[str]:
    """The payloads of every QR code zxing-cpp finds in ``image``."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    pil = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("L")
    return [
        result.text
        for result in zxingcpp.read_barcodes(pil)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]
