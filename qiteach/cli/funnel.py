"""``qiteach funnel WORKSPACE --measure ID``: compare practices on one measure, allowing for size.

Prints what the funnel shows (which limits were used, who is outside them) and
one line per team, or ``--json``; ``--out FILE.png`` draws the funnel plot.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="qiteach")
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["funnel", "collaborative", "--measure", "bp_target"])
>>> args.measure, args.adjust
('bp_target', 'additive')
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["register"]


def _funnel(args: argparse.Namespace) -> int:
    from qiteach.evaluation.funnel import measure_funnel
    from qiteach.workspace import open_workspace

    programme = open_workspace(args.workspace)
    result = measure_funnel(programme, args.measure, adjust=args.adjust)
    if args.out is not None:
        import matplotlib

        matplotlib.use("Agg")
        from qiteach.plot.funnel import plot_funnel
        from qiteach.plot.style import figure_of, save_figure

        ax = plot_funnel(result, title=args.title)
        save_figure(figure_of(ax), args.out)
    if args.json:
        units = result.units.assign(
            numerator=result.units["numerator"].astype(float),
            denominator=result.units["denominator"].astype(float),
        )
        print(
            json.dumps(
                {
                    "measure": args.measure,
                    "label": result.label,
                    "kind": result.kind,
                    "target": result.target * result.multiplier,
                    "phi": result.phi,
                    "tau2": result.tau2,
                    "overdispersed": result.overdispersed,
                    "adjustment": result.adjustment,
                    "units": units.to_dict("records"),
                },
                indent=1,
            )
        )
        return 0
    print(f"{result.label}: {result.sentence('teams')}")
    width = max(len(u) for u in result.units["unit"])
    for row in result.units.sort_values("value", ascending=False).itertuples(index=False):
        print(f"  {row.unit:<{width}}  {row.value:8.2f}  n={row.denominator:,.0f}  {row.band}")
    if args.out is not None:
        print(f"wrote {args.out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``funnel`` subcommand."""
    p = subparsers.add_parser(
        "funnel",
        help="funnel plot of one measure across teams (95%% and 99.8%% limits)",
        description="Compare the teams on one measure, allowing for their size: exact binomial "
        "(proportions) or Poisson (counts per registered patient) limits, widened for "
        "over-dispersion (Spiegelhalter 2005) when the data need it.",
    )
    p.add_argument("workspace", help="workspace folder, .xlsx, or a shipped dataset name")
    p.add_argument("--measure", required=True, help="measure_id shared by the teams")
    p.add_argument(
        "--adjust",
        choices=("additive", "multiplicative", "none"),
        default="additive",
        help="over-dispersion adjustment when the data are over-dispersed (default additive)",
    )
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.add_argument("--out", type=Path, help="draw the funnel plot to FILE.png, .svg or .pdf")
    p.add_argument("--title", default=None, help="title for --out")
    p.set_defaults(func=_funnel)
