"""Row and cross-table validation, on the shipped import definitions with small lookups."""

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from ihya.core.ingest.lookup import Entry, Lookup
from ihya.core.ingest.normalize import ParseError, normalize_code
from ihya.core.ingest.schema import parse_specs
from ihya.core.ingest.sources import Sheet
from ihya.core.ingest.validate import validate_sources

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def specs():
    data = resources.files("ihya").joinpath("data")
    return parse_specs(
        data.joinpath("import_entities.csv").read_text("utf-8"),
        data.joinpath("import_columns.csv").read_text("utf-8"),
    )


def isic_level(entry, text):
    if len(entry.code) not in (2, 4):
        raise ParseError("isic_level", value=text)


def vocab(name, *entries):
    return Lookup(f"vocab:{name}", [Entry(code, names) for code, *names in entries])


@pytest.fixture(scope="module")
def lookups():
    return {
        "municipality": Lookup(
            "municipality",
            [
                Entry("misrata", ("Misrata", "مصراتة", "Misurata"), "Misrata"),
                Entry("benghazi", ("Benghazi", "بنغازي"), "Benghazi"),
                Entry("bani-walid", ("Bani Walid", "بني وليد"), "Bani Walid"),
            ],
        ),
        "isic": Lookup(
            "isic",
            [Entry("C"), Entry("24"), Entry("241"), Entry("2410"), Entry("10"), Entry("1074")],
            normalize=lambda v: normalize_code(v, pad=(1,)),
            accept=isic_level,
        ),
        "hs": Lookup(
            "hs", [Entry("0409"), Entry("721420"), Entry("7214")], normalize=normalize_code
        ),
        "body": Lookup("body", [Entry("ministry-industry", ("MIM", "وزارة الصناعة والمعادن"))]),
        "cause": Lookup("cause", [Entry("electricity", ("Electricity", "الكهرباء"))]),
        "country": Lookup("country", [Entry("ITA", ("IT", "Italy", "إيطاليا"))]),
        "vocab:ownership": vocab(
            "ownership", ("public", "Public", "عام"), ("private", "Private", "خاص")
        ),
        "vocab:factory_status": vocab(
            "factory_status",
            ("operating",),
            ("partly_operating",),
            ("stalled", "متوقفة"),
            ("closed",),
        ),
        "vocab:severity": vocab("severity", ("0",), ("1",), ("2",), ("3", "major"), ("4",)),
        "vocab:requirement_type": vocab("requirement_type", ("technical", "فني")),
        "vocab:requirement_status": vocab("requirement_status", ("identified",)),
        "vocab:scheme_mode": vocab("scheme_mode", ("lease",)),
    }


HEADER = [
    "factory_id",
    "name_ar",
    "name_en",
    "municipality",
    "isic",
    "ownership",
    "status",
    "stalled_since",
    "employees_now",
    "employees_before",
    "design_capacity",
    "capacity_unit",
    "utilisation_pct",
]


def sheet(name, header, rows):
    return Sheet(name=name, header=header, rows=iter([(i + 2, r) for i, r in enumerate(rows)]))


def run(specs, lookups, *tables, known=()):
    return validate_sources(
        specs,
        [(specs[n], sheet(n, h, r)) for n, h, r in tables],
        lookups,
        known_factories=known,
        today=TODAY,
    )


def good(fid="F1", **changes):
    row = dict(
        zip(
            HEADER,
            [
                fid,
                "مصنع الحديد",
                "Steel mill",
                "مصراته",
                "2410",
                "عام",
                "متوقفة",
                "01/03/2019",
                "١٢",
                "٣٥٠",
                "١٬٢٠٠٫٥",
                "t/year",
                "0",
            ],
            strict=True,
        )
    )
    row.update(changes)
    return [row[h] for h in HEADER]


def test_a_good_row_is_cleaned_into_codes_and_numbers(specs, lookups):
    result = run(specs, lookups, ("factories", HEADER, [good()]))
    assert result.ok, result.issues
    row = result.tables["factories"].rows[0]
    assert row["municipality"] == "misrata"
    assert row["ownership"] == "public"
    assert row["status"] == "stalled"
    assert row["stalled_since"] == dt.date(2019, 3, 1)
    assert row["employees_before"] == 350
    assert row["design_capacity"] == Decimal("1200.5")
    assert row["utilisation_pct"] == Decimal(0)


def test_arabic_headers_are_understood(specs, lookups):
    arabic = [specs["factories"].column(h).header_ar for h in HEADER]
    result = run(specs, lookups, ("factories", arabic, [good()]))
    assert result.ok, result.issues


@pytest.mark.parametrize(
    ("column", "value", "code", "params"),
    [
        ("municipality", "Misratta", "unknown_code", {"suggestions": "Misrata (misrata)"}),
        ("municipality", None, "required", {}),
        ("isic", "99", "unknown_code", {}),
        ("isic", "241", "isic_level", {}),
        ("status", "asleep", "unknown_code", {}),
        ("stalled_since", "2030-01-01", "future_date", {"max": "2026-11-29"}),
        ("stalled_since", "31/02/2019", "not_a_date", {}),
        ("employees_now", "-3", "below_min", {"min": "0"}),
        ("employees_now", "3.5", "not_an_integer", {}),
        ("utilisation_pct", "120", "above_max", {"max": "100"}),
        ("design_capacity", "lots", "not_a_number", {}),
        ("factory_id", "X" * 41, "too_long", {"max": "40"}),
    ],
)
def test_each_bad_cell_is_reported_with_row_column_value_and_reason(
    specs, lookups, column, value, code, params
):
    result = run(specs, lookups, ("factories", HEADER, [good(), good("F2", **{column: value})]))
    assert not result.ok
    [issue] = result.errors
    assert (issue.sheet, issue.row, issue.column, issue.code) == ("factories", 3, column, code)
    for key, expected in params.items():
        assert issue.params[key] == expected
    assert result.tables["factories"].rows[0]["factory_id"] == "F1"


def test_a_name_in_one_language_is_required(specs, lookups):
    result = run(specs, lookups, ("factories", HEADER, [good(name_ar=None, name_en=None)]))
    assert [(i.column, i.code) for i in result.errors] == [("name_ar", "name_required")]


def test_duplicate_keys_point_to_the_first_row(specs, lookups):
    result = run(specs, lookups, ("factories", HEADER, [good("F1"), good("F2"), good(" f1 ")]))
    [issue] = result.errors
    assert (issue.row, issue.code, issue.params["row"]) == (4, "duplicate_key", "2")


def test_missing_required_columns_are_reported_once(specs, lookups):
    header = [h for h in HEADER if h != "status"]
    rows = [[v for h, v in zip(HEADER, good(), strict=True) if h != "status"]] * 3
    result = run(specs, lookups, ("factories", header, rows))
    assert [(i.row, i.column, i.code) for i in result.errors] == [(1, "status", "missing_column")]


def test_unknown_columns_are_warnings_not_errors(specs, lookups):
    result = run(specs, lookups, ("factories", [*HEADER, "colour"], [[*good(), "red"]]))
    assert result.ok
    assert [(w.column, w.code) for w in result.warnings] == [("colour", "unknown_column")]


def test_children_must_name_a_known_factory(specs, lookups):
    products = ["factory_id", "hs_code", "capacity"]
    result = run(
        specs,
        lookups,
        ("factories", HEADER, [good("F1")]),
        ("products", products, [["F1", 409, "10"], ["F9", "721420", "5"], ["OLD", "7214", ""]]),
        known={"OLD"},
    )
    [issue] = result.errors
    assert (issue.sheet, issue.row, issue.value, issue.code) == (
        "products",
        3,
        "F9",
        "unknown_factory",
    )
    assert result.tables["products"].rows[0]["hs_code"] == "0409"


def test_shared_requirements_list_their_factories(specs, lookups):
    header = [
        "requirement_id",
        "type",
        "description_ar",
        "cost_lyd",
        "lead_time_months",
        "responsible_body",
        "factory_ids",
    ]
    result = run(
        specs,
        lookups,
        ("factories", HEADER, [good("F1"), good("F2")]),
        (
            "requirements",
            header,
            [
                ["SUB-1", "فني", "محطة تحويل", "٣٨٬٠٠٠٬٠٠٠", "18", "MIM", "F1; F2;F1"],
                ["R-2", "technical", "x", "10", "1", "MIM", "F1, F3"],
            ],
        ),
    )
    [issue] = result.errors
    assert (issue.row, issue.value, issue.code) == (3, "F3", "unknown_factory")
    first = result.tables["requirements"].rows[0]
    assert first["factory_ids"] == ("F1", "F2")
    assert first["cost_lyd"] == Decimal(38_000_000)
    assert first["status"] == "identified"  # the documented default
    assert first["fx_share_pct"] == Decimal(0)


def test_sheets_are_matched_by_english_or_arabic_name(specs, lookups):
    sheets = [(None, sheet("المنشآت", HEADER, [good()])), (None, sheet("Notes", ["x"], [["y"]]))]
    result = validate_sources(specs, sheets, lookups, today=TODAY)
    assert list(result.tables) == ["factories"]
    assert [w.code for w in result.warnings] == ["unknown_sheet"]


def test_the_definitions_are_consistent(specs):
    assert list(specs) == [
        "factories",
        "products",
        "inputs",
        "exports",
        "diagnoses",
        "requirements",
        "schemes",
    ]
    for spec in specs.values():
        assert spec.key_columns, spec.name
        for column in spec.columns:
            assert column.header_ar and column.description_en and column.description_ar
    assert [c.name for c in specs["factories"].columns][: len(HEADER)] == HEADER
