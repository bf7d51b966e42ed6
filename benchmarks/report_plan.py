"""The full demo's executive-plan report (400 factories' plan, ~1,160 tasks) as a PDF in Arabic
and in English — the report's figures and the server-side SVG Gantt chart (its context), then
WeasyPrint's layout — beside its Excel twin. Target: under 30 s for the PDF.

    python benchmarks/report_plan.py

Loads the demo (registry, trade, IO table, scenarios, the approved plan; no follow-up) into a
temporary IHYA_HOME (SQLite) unless IHYA_HOME already holds a plan.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("IHYA_HOME", tempfile.mkdtemp(prefix="ihya-bench-report-"))
    import ihya.bootstrap

    ihya.bootstrap.setup()
    from django.core.management import call_command

    from ihya.plan.selectors import plan_list

    call_command("migrate", verbosity=0)
    if not plan_list().exists():
        from ihya.demo.services import demo_load
        from ihya.plan.services import plan_data_sync
        from ihya.reference.services import reference_sync

        print("loading the demo …", flush=True)
        reference_sync()
        plan_data_sync()
        demo_load(followup=False)
    from ihya.reports import rendering
    from ihya.reports.plan import plan_context
    from ihya.reports.services import report_plan

    plan = plan_list().order_by("-id").first()
    print(f"plan {plan.name} v{plan.version}: {plan.tasks.count()} tasks")
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in ("ar", "en"):
        for _ in range(args.repeat):
            started = time.perf_counter()
            context = plan_context(plan=plan, lang=lang)
            middle = time.perf_counter()
            content = rendering.pdf("reports/plan.html", context, lang=lang)
            done = time.perf_counter()
            path = args.out / f"plan-{lang}.pdf"
            path.write_bytes(content)
            pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
            pages = next(
                line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")
            )
            print(
                f"PDF {lang}: {done - started:.2f} s (figures and chart {middle - started:.2f} s, "
                f"layout {done - middle:.2f} s), {pages} pages, {len(content) / 1e6:.2f} MB"
            )
        started = time.perf_counter()
        xlsx = report_plan(actor=None, plan_id=plan.pk, lang=lang, fmt="xlsx")
        print(
            f"XLSX {lang}: {time.perf_counter() - started:.2f} s, {len(xlsx.content) / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
