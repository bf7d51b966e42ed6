"""A SYNTHETIC, Libya-like input–output table of 28 sectors (million LYD, one year).

Not official statistics: a seeded construction with the structure the country's economy is known
for — hydrocarbons about half of output and most of exports, manufacturing that imports most of
its inputs, a large public sector, household consumption fed by public wages. Built from final
demand and input structures (x = L y), so it balances exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ihya.core.linkages.table import IOTable

SYNTHETIC_NOTE = "SYNTHETIC Libya-like input–output table (demo) — جدول مدخلات ومخرجات مصطنع"


@dataclass(frozen=True)
class Sector:
    code: str
    en: str
    ar: str
    isic: tuple[str, ...]  # ISIC Rev.4 code prefixes that map to the sector
    final: tuple[float, float, float, float]  # households, government, investment, exports
    inputs: dict[str, float]  # domestic input coefficients by supplier
    imported: float  # imported inputs per unit of output
    jobs: float  # jobs per million LYD of output
    wages: float  # compensation share of value added


SECTORS: tuple[Sector, ...] = (
    Sector(
        "S01",
        "Agriculture and forestry",
        "الزراعة والغابات",
        ("01", "02"),
        (2600, 0, 150, 60),
        {"S01": 0.08, "S10": 0.05, "S18": 0.03, "S22": 0.03, "S21": 0.02},
        0.12,
        45.0,
        0.55,
    ),
    Sector(
        "S02",
        "Fishing",
        "صيد الأسماك",
        ("03",),
        (380, 0, 0, 90),
        {"S09": 0.08, "S22": 0.03, "S21": 0.02},
        0.10,
        30.0,
        0.50,
    ),
    Sector(
        "S03",
        "Crude oil and natural gas",
        "النفط الخام والغاز الطبيعي",
        ("06", "09"),
        (0, 0, 2500, 76000),
        {"S26": 0.02, "S22": 0.015, "S20": 0.01, "S18": 0.005, "S15": 0.01},
        0.06,
        0.35,
        0.12,
    ),
    Sector(
        "S04",
        "Other mining and quarrying",
        "التعدين واستغلال المحاجر",
        ("05", "07", "08"),
        (0, 0, 100, 120),
        {"S09": 0.06, "S18": 0.04, "S22": 0.04, "S16": 0.02},
        0.12,
        9.0,
        0.45,
    ),
    Sector(
        "S05",
        "Food products",
        "المنتجات الغذائية",
        ("10",),
        (5200, 300, 0, 150),
        {
            "S01": 0.22,
            "S02": 0.03,
            "S05": 0.04,
            "S08": 0.02,
            "S11": 0.02,
            "S18": 0.02,
            "S22": 0.03,
            "S21": 0.03,
        },
        0.30,
        10.0,
        0.55,
    ),
    Sector(
        "S06",
        "Beverages and tobacco",
        "المشروبات والتبغ",
        ("11", "12"),
        (900, 0, 0, 20),
        {"S05": 0.05, "S11": 0.04, "S12": 0.03, "S19": 0.02, "S18": 0.02, "S21": 0.03},
        0.35,
        7.0,
        0.50,
    ),
    Sector(
        "S07",
        "Textiles, apparel and leather",
        "المنسوجات والملابس والجلود",
        ("13", "14", "15"),
        (700, 50, 0, 40),
        {"S01": 0.04, "S07": 0.06, "S18": 0.02, "S21": 0.03},
        0.40,
        16.0,
        0.65,
    ),
    Sector(
        "S08",
        "Wood, paper and printing",
        "الخشب والورق والطباعة",
        ("16", "17", "18"),
        (250, 120, 80, 10),
        {"S08": 0.08, "S18": 0.03, "S21": 0.03},
        0.42,
        11.0,
        0.60,
    ),
    Sector(
        "S09",
        "Refined petroleum products",
        "المنتجات النفطية المكررة",
        ("19",),
        (1800, 300, 0, 3200),
        {"S03": 0.55, "S18": 0.02, "S22": 0.02},
        0.08,
        1.5,
        0.30,
    ),
    Sector(
        "S10",
        "Chemicals and fertilisers",
        "الكيماويات والأسمدة",
        ("20", "21"),
        (450, 300, 0, 1800),
        {"S03": 0.30, "S09": 0.03, "S18": 0.03, "S22": 0.03, "S26": 0.02},
        0.20,
        2.5,
        0.40,
    ),
    Sector(
        "S11",
        "Rubber and plastics",
        "المطاط واللدائن",
        ("22",),
        (300, 0, 50, 700),
        {"S10": 0.25, "S09": 0.03, "S18": 0.03, "S22": 0.02},
        0.25,
        5.0,
        0.50,
    ),
    Sector(
        "S12",
        "Cement, glass and other non-metallic minerals",
        "الإسمنت والزجاج والمنتجات اللافلزية",
        ("23",),
        (80, 0, 2200, 250),
        {"S04": 0.12, "S09": 0.10, "S18": 0.08, "S22": 0.05, "S12": 0.03},
        0.15,
        6.0,
        0.45,
    ),
    Sector(
        "S13",
        "Iron and steel",
        "الحديد والصلب",
        ("241", "2431"),
        (0, 0, 400, 1500),
        {"S03": 0.10, "S18": 0.08, "S13": 0.10, "S22": 0.04, "S04": 0.02},
        0.35,
        2.8,
        0.45,
    ),
    Sector(
        "S14",
        "Aluminium and other basic metals",
        "الألمنيوم والمعادن الأساسية الأخرى",
        ("242", "2432"),
        (0, 0, 100, 300),
        {"S18": 0.12, "S14": 0.05, "S22": 0.03},
        0.45,
        3.0,
        0.45,
    ),
    Sector(
        "S15",
        "Fabricated metal products",
        "المنتجات المعدنية المصنعة",
        ("25",),
        (150, 100, 900, 60),
        {"S13": 0.20, "S14": 0.04, "S18": 0.03, "S21": 0.02},
        0.35,
        12.0,
        0.60,
    ),
    Sector(
        "S16",
        "Machinery, equipment and vehicles",
        "الآلات والمعدات والمركبات",
        ("26", "27", "28", "29", "30", "33"),
        (300, 150, 900, 40),
        {"S15": 0.08, "S13": 0.04, "S11": 0.02, "S18": 0.02, "S26": 0.03},
        0.55,
        9.0,
        0.65,
    ),
    Sector(
        "S17",
        "Furniture and other manufacturing",
        "الأثاث والصناعات الأخرى",
        ("31", "32"),
        (400, 80, 150, 10),
        {"S08": 0.10, "S15": 0.05, "S07": 0.03, "S18": 0.02},
        0.35,
        15.0,
        0.65,
    ),
    Sector(
        "S18",
        "Electricity and gas supply",
        "الكهرباء والغاز",
        ("35",),
        (2100, 600, 0, 0),
        {"S03": 0.20, "S09": 0.15, "S16": 0.03, "S20": 0.02},
        0.05,
        3.5,
        0.55,
    ),
    Sector(
        "S19",
        "Water supply and waste",
        "المياه والصرف الصحي والنفايات",
        ("36", "37", "38", "39"),
        (600, 500, 0, 0),
        {"S18": 0.15, "S11": 0.03, "S20": 0.04, "S22": 0.03},
        0.06,
        9.0,
        0.70,
    ),
    Sector(
        "S20",
        "Construction",
        "البناء والتشييد",
        ("41", "42", "43"),
        (900, 0, 16000, 0),
        {
            "S12": 0.14,
            "S15": 0.08,
            "S13": 0.06,
            "S04": 0.04,
            "S09": 0.03,
            "S22": 0.04,
            "S26": 0.04,
            "S11": 0.02,
        },
        0.18,
        14.0,
        0.60,
    ),
    Sector(
        "S21",
        "Wholesale and retail trade",
        "تجارة الجملة والتجزئة",
        ("45", "46", "47"),
        (9500, 0, 600, 200),
        {"S22": 0.06, "S25": 0.04, "S18": 0.02, "S24": 0.02, "S26": 0.02},
        0.04,
        18.0,
        0.50,
    ),
    Sector(
        "S22",
        "Transport and storage",
        "النقل والتخزين",
        ("49", "50", "51", "52", "53"),
        (2000, 300, 0, 900),
        {"S09": 0.18, "S16": 0.04, "S22": 0.05, "S25": 0.03},
        0.10,
        10.0,
        0.55,
    ),
    Sector(
        "S23",
        "Accommodation and food services",
        "الإقامة وخدمات الطعام",
        ("55", "56"),
        (1800, 0, 0, 150),
        {"S05": 0.22, "S06": 0.04, "S01": 0.05, "S18": 0.03},
        0.10,
        22.0,
        0.55,
    ),
    Sector(
        "S24",
        "Information and communication",
        "المعلومات والاتصالات",
        ("58", "59", "60", "61", "62", "63"),
        (2200, 500, 300, 50),
        {"S16": 0.05, "S18": 0.03, "S26": 0.04, "S25": 0.02},
        0.12,
        4.0,
        0.40,
    ),
    Sector(
        "S25",
        "Finance, insurance and real estate",
        "المال والتأمين والعقارات",
        ("64", "65", "66", "68"),
        (7500, 0, 0, 50),
        {"S26": 0.04, "S24": 0.03, "S20": 0.03, "S25": 0.04},
        0.03,
        3.0,
        0.30,
    ),
    Sector(
        "S26",
        "Professional and business services",
        "الخدمات المهنية وخدمات الأعمال",
        ("69", "70", "71", "72", "73", "74", "75", "77", "78", "79", "80", "81", "82"),
        (800, 900, 400, 150),
        {"S24": 0.05, "S25": 0.04, "S22": 0.03, "S26": 0.05},
        0.10,
        12.0,
        0.70,
    ),
    Sector(
        "S27",
        "Public administration and defence",
        "الإدارة العامة والدفاع",
        ("84",),
        (0, 28000, 0, 0),
        {"S09": 0.03, "S18": 0.02, "S24": 0.03, "S26": 0.04, "S20": 0.03, "S21": 0.02},
        0.06,
        28.0,
        0.92,
    ),
    Sector(
        "S28",
        "Education, health and other services",
        "التعليم والصحة والخدمات الأخرى",
        ("85", "86", "87", "88", "90", "91", "92", "93", "94", "95", "96", "97", "99"),
        (4200, 14000, 0, 20),
        {"S10": 0.04, "S05": 0.02, "S18": 0.03, "S26": 0.03, "S24": 0.02},
        0.08,
        26.0,
        0.85,
    ),
)
FINAL_DEMAND = ("households", "government", "investment", "exports")


def demo_table(*, seed: int = 2026) -> IOTable:
    """The 28-sector table; coefficients get a seeded ±10 % perturbation."""
    rng = np.random.default_rng(seed)
    codes = [s.code for s in SECTORS]
    index = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    A = np.zeros((n, n))
    m = np.zeros(n)
    for j, s in enumerate(SECTORS):
        for supplier, a in s.inputs.items():
            A[index[supplier], j] = a * rng.uniform(0.9, 1.1)
        m[j] = s.imported * rng.uniform(0.9, 1.1)
    Y = np.array([s.final for s in SECTORS], dtype=float) * rng.uniform(0.95, 1.05, (n, 1))
    L = np.linalg.solve(np.eye(n) - A, np.eye(n))
    x = L @ Y.sum(axis=1)
    Z = A * x[None, :]
    imports = m * x
    value_added = x - Z.sum(axis=0) - imports
    compensation = value_added * np.array([s.wages for s in SECTORS])
    jobs = np.round(x * np.array([s.jobs for s in SECTORS]))
    return IOTable(
        codes=codes,
        names_en=[s.en for s in SECTORS],
        names_ar=[s.ar for s in SECTORS],
        Z=np.round(Z, 3),
        Y=np.round(Y, 3),
        final_demand=list(FINAL_DEMAND),
        value_added=np.round(value_added, 3),
        imports=np.round(imports, 3),
        compensation=np.round(compensation, 3),
        employment=jobs,
        households=0,
        unit="million LYD",
        name="SYNTHETIC Libya-like table (demo)",
    )


def concordance() -> list[tuple[str, str]]:
    """(ISIC Rev.4 code prefix, sector code) for the demo table."""
    return [(prefix, s.code) for s in SECTORS for prefix in s.isic]
