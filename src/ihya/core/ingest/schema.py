"""Import schemas as data: entities and columns parsed from CSV text, turned into pydantic models.

The same definitions feed validation, the bilingual headers, exports and the generated
``docs/import-format.md``. Column types:

``text``, ``int``, ``decimal``, ``percent``, ``date``, ``year``, ``bool`` — plain values;
``municipality``, ``isic``, ``hs``, ``body``, ``cause``, ``country``, ``vocab:<name>`` — codes
resolved through a :class:`~ihya.core.ingest.lookup.Lookup` given in the validation context;
``factory`` — a reference to a factory id; ``factories`` — a list of them separated by ``;``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, create_model
from pydantic_core import PydanticCustomError

from ihya.core.ingest.normalize import (
    ParseError,
    clean_text,
    match_key,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)

PLAIN_TYPES = {"text", "int", "decimal", "percent", "date", "year", "bool", "factory", "factories"}
LOOKUP_TYPES = {"municipality", "isic", "hs", "body", "cause", "country"}
_LIST_SEPARATORS = re.compile(r"[;،|\n]+|,(?=\s*\S)")


@dataclass(frozen=True)
class ColumnSpec:
    entity: str
    name: str
    header_ar: str
    aliases: tuple[str, ...]
    type: str
    required: bool
    key: bool
    min: str | None
    max: str | None
    max_length: int | None
    default: str | None
    description_en: str
    description_ar: str

    @property
    def header_en(self) -> str:
        return self.name

    def header(self, language: str) -> str:
        return self.header_ar if language.startswith("ar") else self.name

    @property
    def lookup_kind(self) -> str | None:
        if self.type in LOOKUP_TYPES:
            return self.type
        if self.type.startswith("vocab:"):
            return self.type
        return None


@dataclass(frozen=True)
class EntitySpec:
    name: str
    order: int
    label_en: str
    label_ar: str
    sheet_aliases: tuple[str, ...]
    description_en: str
    description_ar: str
    columns: tuple[ColumnSpec, ...] = ()
    _headers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def label(self, language: str) -> str:
        return self.label_ar if language.startswith("ar") else self.label_en

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def key_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    def match_header(self, header: object) -> str | None:
        """The column a header cell names (English, Arabic or an alias), or None."""
        return self._headers.get(match_key(header))

    def sheet_keys(self) -> set[str]:
        return {
            match_key(n) for n in (self.name, self.label_en, self.label_ar, *self.sheet_aliases)
        }


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "1"}


def parse_specs(entities_csv: str, columns_csv: str) -> dict[str, EntitySpec]:
    """Entity specs, in import order, from the two definition files' text."""
    columns: dict[str, list[ColumnSpec]] = {}
    for row in csv.DictReader(columns_csv.splitlines()):
        spec = ColumnSpec(
            entity=row["entity"],
            name=row["column"],
            header_ar=row["header_ar"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            type=row["type"],
            required=_yes(row["required"]),
            key=_yes(row["key"]),
            min=row["min"] or None,
            max=row["max"] or None,
            max_length=int(row["max_length"]) if row["max_length"] else None,
            default=row["default"] or None,
            description_en=row["description_en"],
            description_ar=row["description_ar"],
        )
        if spec.type not in PLAIN_TYPES | LOOKUP_TYPES and not spec.type.startswith("vocab:"):
            raise ValueError(f"unknown column type {spec.type!r} for {spec.entity}.{spec.name}")
        columns.setdefault(spec.entity, []).append(spec)
    entities = []
    for row in csv.DictReader(entities_csv.splitlines()):
        entity = EntitySpec(
            name=row["entity"],
            order=int(row["order"]),
            label_en=row["label_en"],
            label_ar=row["label_ar"],
            sheet_aliases=tuple(a for a in row["sheet_aliases"].split("|") if a),
            description_en=row["description_en"],
            description_ar=row["description_ar"],
            columns=tuple(columns.get(row["entity"], ())),
        )
        for c in entity.columns:
            for header in (c.name, c.header_ar, *c.aliases):
                key = match_key(header)
                if entity._headers.setdefault(key, c.name) != c.name:
                    raise ValueError(f"header {header!r} names two columns of {entity.name}")
        entities.append(entity)
    return {e.name: e for e in sorted(entities, key=lambda e: e.order)}


# --- converters -------------------------------------------------------------------------------


def _fail(error: ParseError) -> PydanticCustomError:
    return PydanticCustomError(error.code, error.code, {k: str(v) for k, v in error.params.items()})


def _bound(value: str | None, kind: str, today: dt.date) -> Any:
    if value is None:
        return None
    if kind in ("date",):
        return today if value == "today" else dt.date.fromisoformat(value)
    if kind == "year":
        return today.year if value == "today" else int(value)
    return Decimal(value)


def _factory_ids(value: Any, info: ValidationInfo) -> tuple[str, ...] | None:
    text = clean_text(value)
    if text is None:
        return None
    ids = [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]
    return tuple(dict.fromkeys(ids)) or None


_PARSERS: dict[str, Callable[[Any, ValidationInfo], Any]] = {
    "text": lambda v, _: clean_text(v),
    "factory": lambda v, _: clean_text(v),
    "int": lambda v, _: parse_int(v),
    "year": lambda v, _: parse_int(v),
    "decimal": lambda v, _: parse_decimal(v),
    "percent": lambda v, _: parse_decimal(v),
    "date": lambda v, _: parse_date(v),
    "bool": lambda v, _: parse_bool(v),
    "factories": _factory_ids,
}


def _converter(column: ColumnSpec, today: dt.date) -> Callable[[Any, ValidationInfo], Any]:
    kind = column.type
    low, high = _bound(column.min, kind, today), _bound(column.max, kind, today)
    if kind == "percent":
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    default = column.default

    parse = _PARSERS.get(kind)
    if parse is None:
        lookup_kind = column.lookup_kind

        def parse(value: Any, info: ValidationInfo) -> Any:
            return info.context["lookups"][lookup_kind].resolve(value)

    def convert(value: Any, info: ValidationInfo) -> Any:
        if value is None and default is not None:
            value = default
        elif value is None and not column.required:
            return None
        try:
            result = parse(value, info)
        except ParseError as error:
            raise _fail(error) from None
        if result is None:
            if column.required:
                raise PydanticCustomError("required", "required")
            return None
        if low is not None and result < low:
            code = "date_too_early" if kind == "date" else "below_min"
            raise PydanticCustomError(code, code, {"min": str(low)})
        if high is not None and result > high:
            code = "future_date" if kind == "date" and column.max == "today" else "above_max"
            raise PydanticCustomError(code, code, {"max": str(high)})
        if column.max_length and isinstance(result, str) and len(result) > column.max_length:
            raise PydanticCustomError("too_long", "too_long", {"max": str(column.max_length)})
        return result

    return convert


def row_model(entity: EntitySpec, *, today: dt.date | None = None) -> type[BaseModel]:
    """A pydantic model validating one row of ``entity`` (all fields optional at the type level;
    requirements, ranges and codes are enforced by each field's converter)."""
    today = today or dt.date.today()
    fields: dict[str, Any] = {
        c.name: (Annotated[Any, BeforeValidator(_converter(c, today))], None)
        for c in entity.columns
    }
    return create_model(
        f"{entity.name.title()}Row",
        __config__=ConfigDict(extra="ignore", validate_default=True),
        **fields,
    )
