"""Normalise what people type before anything parses it.

Libyan spreadsheets mix Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), Persian digits (۰…۹), the Arabic decimal
and thousands separators (٫ ٬), invisible direction marks copied from Word, Arabic presentation
forms copied from PDFs, Excel serial dates and floats standing in for integers. Every function here
is pure and raises :class:`ParseError` with a stable ``code`` the caller turns into a message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

#: Arabic-Indic and Persian digits, the Arabic decimal and thousands separators, the Arabic comma,
#: percent and minus sign, and what each stands for (the trade reader translates with them in SQL).
DIGIT_FORMS = ("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬،٪−", "01234567890123456789.,,%-")
_DIGITS = str.maketrans(*DIGIT_FORMS)
#: Zero-width and bidirectional controls, the Arabic letter mark, BOM, soft hyphen.
INVISIBLE = "[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]"
_INVISIBLE = re.compile(INVISIBLE)
# Control characters other than whitespace (NUL cannot even be stored by PostgreSQL).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


class ParseError(ValueError):
    """A value could not be read. ``code`` names the reason; ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def clean_text(value: object) -> str | None:
    """Text as stored: NFC, presentation forms folded, invisible marks removed, spaces collapsed.

    Numbers from Excel come back as text without a spurious ``.0``. Empty text is ``None``. The
    quote our exports put before text starting with = + - @ (``core.tables.spreadsheet_safe``)
    is removed, so an export imports back as it was.
    """
    if value is None:
        return None
    if type(value) is not str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    text = value
    if not text.isprintable():
        text = _CONTROL.sub("", text)
    if not text.isascii():
        if _PRESENTATION_FORMS.search(text):
            text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = _INVISIBLE.sub("", text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    if text[:1] == "'" and text[1:2] in _QUOTED:  # a cell our exports quoted (core.tables)
        text = text[1:]
    return text or None


_QUOTED = ("=", "+", "-", "@")


def normalize_digits(text: str) -> str:
    """Western digits and separators for Arabic-Indic ones; invisible marks and spaces removed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text.translate(_DIGITS))).strip()


_SIMPLE_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_COMMA_GROUPS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}(,\d+)?")


def parse_decimal(value: object) -> Decimal | None:
    """A number from a cell or a CSV field, or ``None`` when empty.

    Accepts Arabic-Indic digits, ``٫`` as the decimal and ``٬`` as the thousands separator,
    ``1,234.5`` and ``1.234,5`` (the last separator is the decimal one), ``1 234`` with space
    groups, ``(12)`` for −12, a leading apostrophe (Excel's text marker) and a trailing ``%``.
    A lone comma is a thousands separator when followed by groups of three digits (``1,234``)
    and a decimal comma otherwise (``2,5``).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError("not_a_number", value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError("not_a_number", value=str(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if type(value) is str and _SIMPLE_NUMBER.fullmatch(value):
        return Decimal(value)
    text = normalize_digits(str(value))
    if not text:
        return None
    raw = text
    text = text.lstrip("'").replace(" ", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("%"):
        text = text[:-1]
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if _COMMA_GROUPS.fullmatch(text):
            text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            raise ParseError("not_a_number", value=raw)
    elif text.count(".") > 1 and _DOT_GROUPS.fullmatch(text):
        text = text.replace(".", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ParseError("not_a_number", value=raw)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes these
        raise ParseError("not_a_number", value=raw) from exc
    return -number if negative else number


def parse_int(value: object) -> int | None:
    """A whole number (``12``, ``12.0``, ``١٢``, ``1,200``), or ``None`` when empty."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ParseError("not_an_integer", value=clean_text(value) or "")
    return int(number)


_TRUE = {"1", "yes", "y", "true", "t", "x", "نعم", "صح", "✓"}
_FALSE = {"0", "no", "n", "false", "f", "لا", "خطأ"}


def parse_bool(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = clean_text(value)
    if text is None:
        return None
    key = normalize_digits(text).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ParseError("not_a_boolean", value=text)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII only: \d matches ٠-٩ too
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})"), "dmy2"),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), "my"),
    (re.compile(r"(\d{4})"), "y"),
]


def _excel_serial(number: float) -> dt.date:
    if not 1 <= number < 2958466:
        raise ParseError("not_a_date", value=str(number))
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_date(value: object) -> dt.date | None:
    """A date, or ``None`` when empty. Day comes before month, as written in Libya.

    Accepts ``2024-03-01``, ``2024/3/1``, ``01/03/2024``, ``1-3-2024``, ``01.03.24``, ``2024-03``
    (first of the month), ``03/2024``, ``2024`` (first of January), an ISO timestamp, Excel date
    cells and Excel serial numbers. When the second part cannot be a month (``03/25/2024``) the
    date is read month-first, since nothing else makes sense of it.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if type(value) is str and len(value) == 10 and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ParseError("not_a_date", value=value) from exc
    if isinstance(value, bool):
        raise ParseError("not_a_date", value=str(value))
    if isinstance(value, int | float):
        return _excel_serial(float(value))
    text = normalize_digits(str(value))
    if not text:
        return None
    head = re.split(r"[T ]", text, maxsplit=1)[0]
    if re.fullmatch(r"\d{5}(\.\d+)?", head):
        return _excel_serial(float(head))
    for pattern, kind in _DATE_PATTERNS:
        match = pattern.fullmatch(head)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if kind == "ymd":
            year, month, day = parts
        elif kind in ("dmy", "dmy2"):
            day, month, year = parts
            if kind == "dmy2":
                year += 2000 if year <= (dt.date.today().year % 100) + 10 else 1900
            if month > 12 and day <= 12:
                day, month = month, day
        elif kind == "ym":
            (year, month), day = parts, 1
        elif kind == "my":
            (month, year), day = parts, 1
        else:
            (year,), month, day = parts, 1, 1
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ParseError("not_a_date", value=text) from exc
    raise ParseError("not_a_date", value=text)


_TATWEEL_AND_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_LETTER_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_PUNCTUATION = re.compile(r"[\s\-_.,'’`\"()/]+")
_ARTICLE = re.compile(r"^(al|el|ال)(?=\w\w)")


def match_key(value: object) -> str:
    """A loose key for matching names: case, hamza forms, tatweel, diacritics, articles, spaces.

    ``match_key("Al-Khums") == match_key("alkhums") == match_key("Khums")`` and
    ``match_key("مصراتة") == match_key("مصراته")``.
    """
    text = clean_text(value)
    if text is None:
        return ""
    text = normalize_digits(text).casefold()
    text = _TATWEEL_AND_MARKS.sub("", text).translate(_LETTER_VARIANTS)
    words = _PUNCTUATION.sub(" ", text).split()
    return "".join(_ARTICLE.sub("", w) for w in words if w not in ("al", "el", "ال"))


def normalize_code(value: object, *, pad: tuple[int, ...] = (1, 3, 5)) -> str | None:
    """A classification code as digits: dots and spaces removed, a lost leading zero restored.

    Excel turns HS ``0409`` into ``409``: HS codes have an even number of digits, so a code of a
    length in ``pad`` gets its zero back. ISIC passes ``pad=(1,)`` since its 3-digit codes are
    groups, not classes that lost a zero.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = normalize_digits(text).lstrip("'")
    text = re.sub(r"[\s.\-]", "", text)
    if text.isdigit() and len(text) in pad:
        text = "0" + text
    return text
