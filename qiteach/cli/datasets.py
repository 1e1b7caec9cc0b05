"""``qiteach simulate`` and ``qiteach datasets``: make and find SYNTHETIC data.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="qiteach")
>>> register(parser.add_subparsers())
>>> args = parser.parse_args(["simulate", "collaborative", "out", "--practices", "20"])
>>> args.kind, args.practices, args.months
('collaborative', 20, 12)
"""

from __future__ import annotations

import argparse

__all__ = ["register"]


def _simulate(args: argparse.Namespace) -> int:
    from qiteach import simulate

    if args.kind == "demo":
        path = simulate.demo(args.out_dir, seed=_seed(args, simulate.DEMO_SEED), force=args.force)
    elif args.kind == "collaborative":
        path = simulate.collaborative(
            args.out_dir,
            practices=args.practices,
            months=args.months,
            seed=_seed(args, simulate.COLLABORATIVE_SEED),
            force=args.force,
        )
    elif args.kind == "scale":
        path = simulate.scale(
            args.out_dir,
            teams=args.teams,
            measures=args.measures,
            periods=args.periods,
            seed=_seed(args, 1),
            force=args.force,
        )
    else:
        path = simulate.teaching(
            args.out_dir, seed=_seed(args, simulate.TEACHING_SEED), force=args.force
        )
    print(f"wrote SYNTHETIC {args.kind} data to {path}")
    return 0


def _seed(args: argparse.Namespace, default: int) -> int:
    return default if args.seed is None else args.seed


def _datasets(args: argparse.Namespace) -> int:
    from qiteach.datasets import dataset_path, list_datasets

    if args.name:
        print(dataset_path(args.name))
        return 0
    table = list_datasets()
    width = max(len(n) for n in table["name"])
    for row in table.itertuples(index=False):
        print(f"{row.name:<{width}}  {row.kind:<13}  {row.rows:>6}  {row.description}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` and ``datasets`` subcommands."""
    sim = subparsers.add_parser(
        "simulate",
        help="generate a SYNTHETIC workspace or teaching data",
        description="Generate SYNTHETIC data with a seeded generator (same seed, same bytes).",
    )
    sim.add_argument(
        "kind",
        choices=("demo", "collaborative", "scale", "teaching"),
        help="demo programme, collaborative of practices, benchmark workspace, teaching CSVs",
    )
    sim.add_argument("out_dir", metavar="OUT_DIR", help="folder to create")
    sim.add_argument("--seed", type=int, default=None, help="random seed (default: shipped seed)")
    sim.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    sim.add_argument("--practices", type=int, default=84, help="collaborative: practices (84)")
    sim.add_argument("--months", type=int, default=12, help="collaborative: months (12)")
    sim.add_argument("--teams", type=int, default=1000, help="scale: teams (1000)")
    sim.add_argument("--measures", type=int, default=10, help="scale: measures per team (10)")
    sim.add_argument("--periods", type=int, default=36, help="scale: monthly periods (36)")
    sim.set_defaults(func=_simulate)

    ds = subparsers.add_parser(
        "datasets",
        help="list the shipped datasets, or print where one is",
        description="List the shipped SYNTHETIC datasets; with NAME print its path.",
    )
    ds.add_argument("name", nargs="?", metavar="NAME", help="print the path of this dataset")
    ds.set_defaults(func=_datasets)
