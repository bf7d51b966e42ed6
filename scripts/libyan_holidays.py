"""Regenerate src/ihya/data/plan/holidays.csv: Libya's public holidays per year, in English and
Arabic, from python-holidays (MIT licence; `pip install holidays` — not a dependency of Ihya).
Islamic holidays are the package's estimates: the committee confirms them each year (the file
is data: edit a date, add a day).

    python scripts/libyan_holidays.py 2025 2035 > src/ihya/data/plan/holidays.csv
"""

import csv
import sys

import holidays


def main() -> None:
    first, last = int(sys.argv[1]), int(sys.argv[2])
    years = list(range(first, last + 1))
    english = holidays.country_holidays("LY", years=years, language="en_US")
    arabic = holidays.country_holidays("LY", years=years, language="ar")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["date", "name_en", "name_ar", "estimated"])
    for day in sorted(english):
        en, ar = english.get(day), arabic.get(day)
        estimated = "yes" if "estimated" in en else "no"
        clean = lambda text: text.replace(" (estimated)", "").replace(" (تقديري)", "")  # noqa: E731
        out.writerow([day.isoformat(), clean(en), clean(ar), estimated])


if __name__ == "__main__":
    main()
