"""cartonize consolidate: group each consumer's parcels into packages when it pays."""

from __future__ import annotations

import time

from ..files import InputError, TableWriter, parse_columns, read_boxes, read_table, read_toml


def run(args) -> int:
    from ..consolidation import ConsolidationPolicy, Tariff, consolidate
    catalog = read_boxes(args.boxes)
    spec = read_toml(args.tariff)
    try:
        if "brackets" in spec:
            tariff = Tariff.from_brackets([tuple(b) for b in spec["brackets"]],
                                          divisor=spec.get("divisor", 5000),
                                          per_parcel=spec.get("per_parcel", 0.0))
        else:
            tariff = Tariff(**spec)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.tariff}: {e}") from None
    try:
        policy = ConsolidationPolicy(**(read_toml(args.policy) if args.policy else {}))
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.policy}: {e}") from None
    if args.scheduler:
        return run_dask(args, catalog, tariff, policy)
    parcels = read_table(args.parcels, parse_columns(args.columns))
    t0 = time.perf_counter()
    try:
        result = consolidate(parcels, catalog, tariff, policy, exact_limit=args.exact_limit,
                             threads=args.threads)
    except (TypeError, ValueError) as e:
        raise InputError(f"{args.parcels}: {e}") from None
    seconds = time.perf_counter() - t0
    g = result.groups
    print(f"parcels              {len(result.assignments):,}")
    print(f"consumers            {len(result.consumers):,}")
    print(f"packages             {len(g):,} ({int((g['n_parcels'] > 1).sum()):,} consolidated)")
    print(f"cost                 {g['cost'].sum():,.2f} (alone {g['cost_alone'].sum():,.2f})")
    print(f"saving               {g['saving'].sum():,.2f} "
          f"({100 * g['saving'].sum() / max(g['cost_alone'].sum(), 1e-9):.1f} %)")
    print(f"time                 {seconds:.1f} s")
    if args.output:
        w = TableWriter(args.output)
        w.write(g)
        w.close()
        print(f"wrote {len(g):,} packages to {args.output}")
    if args.assignments:
        w = TableWriter(args.assignments)
        w.write(result.assignments)
        w.close()
    return 0


def run_dask(args, catalog, tariff, policy) -> int:
    from distributed import Client
    from .. import dask as cdask
    t0 = time.perf_counter()
    with Client(args.scheduler) as client:
        ddf = cdask.read_files(args.parcels, parse_columns(args.columns))
        groups = client.persist(cdask.consolidate(ddf, catalog, tariff, policy,
                                                  exact_limit=args.exact_limit).groups)
        n, saving, alone = client.compute([groups["n_parcels"].sum(), groups["saving"].sum(),
                                           groups["cost_alone"].sum()], sync=True)
        if args.output:
            cdask.to_parquet(groups, args.output)
    print(f"parcels              {n:,}\nsaving               {saving:,.2f} "
          f"({100 * saving / max(alone, 1e-9):.1f} %)\n"
          f"time                 {time.perf_counter() - t0:.1f} s on {args.scheduler}")
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0
