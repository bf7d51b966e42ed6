"""`ihya trade …`: trade analytics on any trade file, and stored runs. Mounted by ``ihya/cli.py``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ihya.console import Bar, cli_actor, err, out, print_run, setup

trade_app = typer.Typer(
    help="Trade analytics on any trade file: RCA, complexity, product space, export potential.",
    no_args_is_help=True,
)


class ConventionOption(StrEnum):
    stata = "stata"
    py_ecomplexity = "py-ecomplexity"


InputFiles = Annotated[
    list[str],
    typer.Argument(
        help="CSV or Parquet files, or glob patterns such as 'BACI_HS92_Y*.csv': bilateral "
        "(BACI's t,i,j,k,v) or country-product exports (year,country,product,value)."
    ),
]


YearCol = Annotated[str | None, typer.Option("--year-col", help="Column holding the year.")]


CountryCol = Annotated[
    str | None, typer.Option("--country-col", help="Column holding the exporting country.")
]


ImporterCol = Annotated[
    str | None,
    typer.Option("--importer-col", help="Column holding the importer (bilateral files)."),
]


ProductCol = Annotated[
    str | None, typer.Option("--product-col", help="Column holding the product code.")
]


ValueCol = Annotated[
    str | None, typer.Option("--value-col", help="Column holding the trade value.")
]


Digits = Annotated[
    int | None, typer.Option(help="Cut product codes to this many digits first (HS 6 → 4).")
]


NotHs = Annotated[
    bool,
    typer.Option(
        "--not-hs", help="Product codes are not HS: keep them as written (no leading-zero repair)."
    ),
]


Lenient = Annotated[
    bool,
    typer.Option(
        help="Leave out rows with a blank, non-numeric or negative value, an empty country or "
        "product or a stray year, counted in run.json, instead of stopping."
    ),
]


Convention = Annotated[
    ConventionOption,
    typer.Option(
        help="Reproduce the Growth Lab's Stata ecomplexity or the Python ecomplexity 0.5.3."
    ),
]


Threshold = Annotated[float, typer.Option(help="RCA threshold of presence (M=1).")]


class StrategyOption(StrEnum):
    low_hanging = "low_hanging"
    balanced = "balanced"
    long_jump = "long_jump"


Strategy = Annotated[
    StrategyOption,
    typer.Option(
        help="Rank new products by the Atlas's strategy: low_hanging (near first), balanced or "
        "long_jump (complexity first); weighted z-scores of distance, PCI and COG."
    ),
]


MaxDistance = Annotated[
    float | None,
    typer.Option(
        "--max-distance",
        min=0.0,
        max=1.0,
        help="Leave out of the diversification ranking products farther than this distance "
        "(1 − density, 0 to 1).",
    ),
]


class ClassificationOption(StrEnum):
    hs = "hs"
    sitc = "sitc"
    auto = "auto"


Classification = Annotated[
    ClassificationOption,
    typer.Option(
        help="Product codes: hs (a lost leading zero restored), sitc (kept as written, 5-digit "
        "codes not padded) or auto (sitc when a code has 5 digits and none 6, or 1 or 3 digits)."
    ),
]
KeepResidual = Annotated[
    bool,
    typer.Option(
        "--keep-residual",
        help="Keep codes that are not products: SITC section 9, HS chapter 99 and 7108 "
        "(non-monetary gold); left out by default, counted.",
    ),
]
KeepAggregates = Annotated[
    bool,
    typer.Option(
        "--keep-aggregates",
        help="Keep world and regional totals written as countries (WLD, areas nes…).",
    ),
]
KeepUninhabited = Annotated[
    bool,
    typer.Option(
        "--keep-uninhabited",
        help="Keep uninhabited territories (ATA, BVT, HMD, SGS, IOT, ATF, UMI).",
    ),
]
MinPopulation = Annotated[
    float | None,
    typer.Option(
        "--min-population",
        min=0,
        help="Leave out countries with fewer people (the Atlas: 1000000); World Bank figures, "
        "or --population FILE.",
    ),
]
PopulationFile = Annotated[
    Path | None,
    typer.Option(
        "--population", help="CSV of country, year, population replacing the World Bank table."
    ),
]
MinExports = Annotated[
    float | None,
    typer.Option(
        "--min-exports",
        min=0,
        help="Leave out countries whose total exports in the year are below this, in the "
        "file's unit (the Atlas: 1 billion USD, 1000000 in BACI's thousand USD).",
    ),
]
Horizon = Annotated[
    int,
    typer.Option(
        min=0,
        max=30,
        help="Project demand this many years ahead with each market's import growth (a CAGR "
        "from the file's first year, bounded to ±20 %); 0 for none.",
    ),
]


def _filters(
    classification, keep_residual, keep_aggregates, keep_uninhabited, min_pop, pop_file, min_exp
):
    from ihya.trade.services import Filters

    return Filters(
        classification=classification.value,
        keep_residual=keep_residual,
        keep_aggregates=keep_aggregates,
        keep_uninhabited=keep_uninhabited,
        min_population=min_pop,
        population=pop_file,
        min_exports=min_exp,
    )


def _refused(error) -> None:
    """A refusal: each problem in Arabic then English; exit 1 (nothing was written)."""
    for problem in error.problems:
        err.print(problem.ar, style="red", markup=False)
        err.print(problem.en, style="red", markup=False)
    raise typer.Exit(1) from None


def _columns(year_col, country_col, importer_col, product_col, value_col) -> dict:
    return {
        "year": year_col,
        "country": country_col,
        "importer": importer_col,
        "product": product_col,
        "value": value_col,
    }


@trade_app.command("metrics")
def trade_metrics(
    inputs: InputFiles,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
    not_hs: NotHs = False,
    years: Annotated[
        str | None, typer.Option(help="Only these years, comma-separated (e.g. 2019,2020).")
    ] = None,
    parquet: Annotated[bool, typer.Option(help="Also write Parquet twins.")] = True,
    lenient: Lenient = False,
    classification: Classification = ClassificationOption.hs,
    keep_residual: KeepResidual = False,
    keep_aggregates: KeepAggregates = False,
    keep_uninhabited: KeepUninhabited = False,
    min_population: MinPopulation = None,
    population: PopulationFile = None,
    min_exports: MinExports = None,
) -> None:
    """Write DIR/country_product.csv (year, country, product, export_value, rca, mcp, density,
    cog, pci), DIR/country.csv (year, country, diversity, eci, coi) and DIR/product.csv (year,
    product, ubiquity, pci), their Parquet twins and DIR/run.json (inputs, parameters, versions)."""
    setup()  # the messages are translated: Django's settings and apps first
    from ihya.errors import Invalid
    from ihya.trade.services import trade_metrics_files

    try:
        year_list = [int(y) for y in years.split(",")] if years else None
    except ValueError:
        err.print(f"[red]--years must be comma-separated years, not {years!r}[/]")
        raise typer.Exit(2) from None
    try:
        with Bar() as bar:
            panel, result = trade_metrics_files(
                inputs=inputs,
                out_dir=out_dir,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                hs=not not_hs,
                years=year_list,
                parquet=parquet,
                lenient=lenient,
                progress=bar,
                filters=_filters(
                    classification,
                    keep_residual,
                    keep_aggregates,
                    keep_uninhabited,
                    min_population,
                    population,
                    min_exports,
                ),
            )
    except Invalid as error:
        _refused(error)
    for warning in result.warnings:
        err.print(warning, style="yellow", markup=False)
    import numpy as np

    n_c = int(np.unique(panel.country["country"]).size)
    n_p = int(np.unique(panel.product["product"]).size)
    out.print(
        f"{len(panel.years)} year(s) {panel.years[0]}–{panel.years[-1]}, {n_c} countries, {n_p} products, "
        f"convention {convention.value}: {result.manifest['seconds']} s "
        f"({result.manifest['filters']['classification']} codes; countries kept by the filters)"
    )
    for path in result.files:
        out.print(f"  {path}")


@trade_app.command("potential")
def trade_potential(
    inputs: InputFiles,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the result tables.")],
    home: Annotated[str, typer.Option(help="Home country, ISO alpha-3 (or numeric).")] = "LBY",
    year: Annotated[
        int | None, typer.Option(help="Year to analyse; the latest by default.")
    ] = None,
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
    not_hs: NotHs = False,
    top: Annotated[int, typer.Option(help="Print this many rows of each ranking.")] = 15,
    parquet: Annotated[bool, typer.Option(help="Also write Parquet twins.")] = True,
    lenient: Lenient = False,
    strategy: Strategy = StrategyOption.balanced,
    max_distance: MaxDistance = None,
    horizon: Horizon = 5,
    classification: Classification = ClassificationOption.hs,
    keep_residual: KeepResidual = False,
    keep_aggregates: KeepAggregates = False,
    keep_uninhabited: KeepUninhabited = False,
    min_population: MinPopulation = None,
    population: PopulationFile = None,
    min_exports: MinExports = None,
) -> None:
    """The home country's export potential from a bilateral file: DIR/potential.csv (year, product,
    market, supply, demand, ease, potential, actual, untapped, demand_growth, projected_demand,
    re_export, ease_imputed; best untapped first — untapped is a reshuffle of current sales unless
    demand grows) and
    DIR/diversification.csv (year, product, density, world_demand, score, pci, cog, group, rank,
    strategy, distance, world_demand_log, score_low_hanging, score_balanced, score_long_jump,
    density_x_demand), ranked by the chosen strategy's score."""
    setup()
    from ihya.errors import Invalid
    from ihya.trade.services import trade_potential_files

    try:
        with Bar() as bar:
            op, result = trade_potential_files(
                inputs=inputs,
                out_dir=out_dir,
                home=home,
                year=year,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                hs=not not_hs,
                parquet=parquet,
                lenient=lenient,
                strategy=strategy.value,
                max_distance=max_distance,
                progress=bar,
                horizon=horizon,
                filters=_filters(
                    classification,
                    keep_residual,
                    keep_aggregates,
                    keep_uninhabited,
                    min_population,
                    population,
                    min_exports,
                ),
            )
    except Invalid as error:
        _refused(error)
    for warning in result.warnings:
        err.print(warning, style="yellow", markup=False)
    pot = result.tables["potential"]
    table = Table(
        "product",
        "market",
        "potential",
        "actual",
        "untapped",
        title=f"{op.home} {op.year}: untapped export potential",
    )
    for i in range(min(top, pot["product"].size)):
        table.add_row(
            pot["product"][i],
            pot["market"][i],
            f"{pot['potential'][i]:,.0f}",
            f"{pot['actual'][i]:,.0f}",
            f"{pot['untapped'][i]:,.0f}",
        )
    out.print(table)
    div = result.tables["diversification"]
    table = Table(
        "rank",
        "product",
        "score",
        "distance",
        "pci",
        "cog",
        "world demand",
        "group",
        title=f"diversification, strategy {strategy.value}",
    )
    for i in range(min(top, div["product"].size)):
        table.add_row(
            str(div["rank"][i]),
            div["product"][i],
            f"{div['score'][i]:.2f}",
            f"{div['distance'][i]:.3f}",
            f"{div['pci'][i]:.2f}",
            f"{div['cog'][i]:.2f}",
            f"{div['world_demand'][i]:,.0f}",
            div["group"][i],
        )
    out.print(table)
    for path in result.files:
        out.print(f"  {path}")


@trade_app.command("run")
def trade_run(
    inputs: InputFiles,
    home: Annotated[
        str | None, typer.Option(help="Home country (ISO alpha-3); IHYA_HOME_COUNTRY by default.")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Year to analyse; the latest by default.")
    ] = None,
    label: Annotated[str, typer.Option(help="A name for the run, shown on the pages.")] = "",
    convention: Convention = ConventionOption.stata,
    threshold: Threshold = 1.0,
    year_col: YearCol = None,
    country_col: CountryCol = None,
    importer_col: ImporterCol = None,
    product_col: ProductCol = None,
    value_col: ValueCol = None,
    digits: Digits = None,
    lenient: Lenient = False,
    strategy: Strategy = StrategyOption.balanced,
    max_distance: MaxDistance = None,
    horizon: Horizon = 5,
    classification: Classification = ClassificationOption.hs,
    keep_residual: KeepResidual = False,
    keep_aggregates: KeepAggregates = False,
    keep_uninhabited: KeepUninhabited = False,
    min_population: MinPopulation = None,
    population: PopulationFile = None,
    min_exports: MinExports = None,
) -> None:
    """Analyse one year of bilateral trade (BACI or mapped) and store the run in the database:
    what the trade pages, the factory pages and the API show. Audited, with provenance."""
    setup()
    from ihya.errors import Invalid
    from ihya.trade.runs import trade_run_create

    try:
        with Bar() as bar:
            run = trade_run_create(
                inputs=inputs,
                home=home,
                year=year,
                columns=_columns(year_col, country_col, importer_col, product_col, value_col),
                convention=convention.value,
                threshold=threshold,
                digits=digits,
                lenient=lenient,
                strategy=strategy.value,
                max_distance=max_distance,
                horizon=horizon,
                filters=_filters(
                    classification,
                    keep_residual,
                    keep_aggregates,
                    keep_uninhabited,
                    min_population,
                    population,
                    min_exports,
                ),
                label=label,
                actor=cli_actor(),
                progress=bar,
            )
    except Invalid as error:
        _refused(error)
    print_run(run)
