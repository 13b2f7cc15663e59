"""cartonize consolidate: group each consumer's parcels into packages when it pays."""

from __future__ import annotations

import time

from ..config import load_policy, load_tariff
from ..outputs import (Outputs, TableOutput, check_parquet_folder, parquet_folder,
                       scheduler_client)
from ..._cells import per_column
from ..._tables import RowValueError
from ..._units import LENGTH_UNITS, WEIGHT_UNITS
from ..convert import numbers, read_boxes
from ..cluster import read_dask_files
from ..files import (ROW, InputError, Source, check_columns_read, parse_columns,
                     parse_delimiter)

PARCEL_NUMBERS = ("ready", "deadline", "length", "width", "height", "weight", "value")


def read_parcels(args):
    """The parcels file as a DataFrame: ids as read, numbers converted to mm and g (known and
    eta as read: the API reads them, a blank as ready)."""
    from ...consolidation.parcels import PARCEL_COLUMNS, PARCEL_OPTIONAL, TIME_HINT, TIMES
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    source = Source(args.parcels, "parcels", columns, delimiter)
    source.require(PARCEL_COLUMNS, known=PARCEL_COLUMNS + PARCEL_OPTIONAL)
    check_columns_read(args.columns)  # (the boxes read already: hub_inputs)
    df = source.read()
    if not len(df):
        raise source.fail("has no parcels (only a header)")
    num = numbers(df, PARCEL_NUMBERS, source, per_column(*scales(args)),
                  hints=dict.fromkeys(TIMES, TIME_HINT))
    for c, v in num.items():
        if v is not None:
            df[c] = v
    if "lane" in df.columns and df["lane"].dtype.kind in "iu":  # (a Parquet column of numbers:
        df["lane"] = df["lane"].astype(str)  # the TOML files name lanes as text, "1" for 1)
    if str(getattr(args, "output", "") or "").lower().endswith((".csv", ".tsv")):
        # A CSV's parcel_ids cell puts "|" between a package's ids: one inside an id is lost
        piped = df["parcel_id"].astype(str).str.contains("|", regex=False).to_numpy()
        if piped.any():
            k = int(piped.argmax())
            raise source.fail(f"row {int(df[ROW].iloc[k])}: parcel_id = "
                              f"{df['parcel_id'].iloc[k]!r} holds '|', which a CSV's parcel_ids "
                              "cell puts between ids: write -o to .jsonl or .parquet, or give "
                              "ids without it")
    return df, source


def scales(args) -> tuple:
    """The mm and g to --unit and --weight-unit: what a parcel's sizes and weight were
    multiplied by when read."""
    return LENGTH_UNITS[args.unit], WEIGHT_UNITS[args.weight_unit]


def bad_parcel(e: RowValueError, parcels, args) -> str:
    """What is wrong with a parcel, at its file's row, its value in the file's units (the
    frame holds mm and g: -0.3 cm was said as -3)."""
    error = e.error.in_units(*scales(args))
    return error.at(int(parcels[ROW].iloc[error.row]))


def read_parcels_dask(args):
    """The parcels file as a dask DataFrame, sizes and weights scaled from --unit and
    --weight-unit to mm and g as the local run reads them."""
    from ...consolidation.parcels import PARCEL_COLUMNS, PARCEL_OPTIONAL
    from ..cluster import _files, _kind
    from ..convert import convert_units
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    first = _files(args.parcels)[0]
    if _kind(first) != "Parquet":  # its header read as the local run reads it (a separator)
        Source(first, "parcels", columns, delimiter).require(
            PARCEL_COLUMNS, known=PARCEL_COLUMNS + PARCEL_OPTIONAL)
    ddf = read_dask_files(args.parcels, columns, delimiter)
    return ddf.map_partitions(convert_units, ("length", "width", "height"), ("weight",),
                              args.unit, args.weight_unit, meta=ddf._meta)


def in_weight_unit(table, args):
    """The packages' gross_weight (g) in --weight-unit, as the parcels' were read."""
    wf = WEIGHT_UNITS[args.weight_unit]
    return table if wf == 1 else table.assign(gross_weight=(table["gross_weight"] / wf).round(4))


def hub_boxes(args, columns, delimiter):
    """The boxes file of consolidate and simulate, which pack into boxes: a bag's row is
    named with the file."""
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit, columns, delimiter)
    bags = [b.id for b in catalog.boxes if b.kind == "bag"]
    if bags:
        raise InputError(f"{args.boxes}: {bags[0]!r} is a bag: consolidation packs into boxes "
                         "(give a file of boxes)")
    return catalog


def hub_inputs(args):
    """consolidate's and simulate's boxes, tariff and policy, and the tariff's notes (a
    service priced flat: config.load_tariff)."""
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    flat = []
    return (hub_boxes(args, columns, delimiter), load_tariff(args.tariff, flat),
            load_policy(args.policy), flat)


def unit_hint(parcels, catalog) -> list:
    """A line when most parcels are larger than every box (sides sorted): the parcels and the
    boxes read in different units (a planner's trial: cartons in cm beside parcels in mm
    consolidated nothing, and said nothing)."""
    import numpy as np
    sides = np.sort(parcels[["length", "width", "height"]].to_numpy(np.float64), axis=1)
    boxes = np.sort(np.array([b.dims for b in catalog.boxes], dtype=np.float64), axis=1)
    over = len(sides) - int((sides[:, None, :] <= boxes[None, :, :]).all(axis=2).any(axis=1)
                            .sum())
    return [f"check units          {over:,} of {len(sides):,} parcels are larger than every "
            "box: are the parcels and the boxes in one unit (--unit)?"] \
        if 2 * over > len(sides) else []


def value_hint(parcels) -> list:
    """A line when some value is not a whole number of minor units: the file is likely in
    currency (a hub's trial: 99.99 and 120.50 were read as cents, rounded up, and went into one
    package under a max_value of 15000, 220.49 in euros)."""
    import pandas as pd
    value = pd.to_numeric(parcels["value"], errors="coerce")
    odd = value[value.notna() & (value % 1 != 0)]
    if not len(odd):
        return []
    n = len(odd)
    return [f"note: {n:,} parcel{'s' * (n != 1)}' value{'s are' if n != 1 else ' is'} not "
            f"whole minor units ({odd.iloc[0]:g} first): values are read in minor currency "
            "units (cents), rounded up; a file in currency reads them 100 times too small "
            "against the policy's max_value"]


def hub_notes(args, policy, catalog, flat, parcels=None) -> str:
    """Lines on what the inputs leave out that the saving rests on: a tariff service with no
    step price (`flat`, hub_inputs' notes: every weight at one price); boxes with no cost (a
    file without a cost column: the packages' boxes cost nothing, and savings grow); a
    policy's max_weight (gross, in g) no more than every box's own weight: no package of
    parcels can be made (a limit written in kg, say)."""
    notes = list(flat) + (unit_hint(parcels, catalog) + value_hint(parcels)
                          if parcels is not None else [])
    if getattr(args, "policy", None) is None:  # (a planner's trial: the defaults went unsaid)
        p = policy
        notes.append(f"note: no --policy: the defaults, packages of at most {p.max_parcels} "
                     f"parcels, {p.max_weight:,} g gross, declared value {p.max_value:,} in "
                     f"minor units (cents), a parcel waiting at most {p.max_wait // 3600} h "
                     "at no cost")
    if not any(b._cost_given for b in catalog.boxes):
        notes.append(f"note: {args.boxes} gives no box a cost: the packages' boxes cost "
                     "nothing here (a cost column prices them)")
    lightest = min((b.empty_weight for b in catalog.boxes), default=0)
    policies = policy.items() if isinstance(policy, dict) else [(None, policy)]
    for lane, p in policies:
        if p.max_weight <= lightest:
            where = "" if lane is None else f" of lane {lane!r}"
            notes.append(
                f"note: the policy{where}'s max_weight, {p.max_weight:,} g gross, is no more "
                f"than the lightest box's own weight ({lightest:,} g): no parcels can be "
                "consolidated (the policy is in g whatever --weight-unit says)")
            break
    return "\n".join(notes)


def run(args) -> int:
    from ...consolidation import consolidate
    catalog, tariff, policy, flat = hub_inputs(args)
    if args.scheduler:
        return run_dask(args, catalog, tariff, policy, flat)
    with Outputs() as outputs:
        out = outputs.add(TableOutput(args.output, "the packages")) if args.output else None
        assignments = (outputs.add(TableOutput(args.assignments, "the assignments"))
                       if args.assignments else None)
        parcels, source = read_parcels(args)
        if "lane" in parcels.columns:
            parcels["lane"] = parcels["lane"].astype(object)
        t0 = time.perf_counter()
        try:
            result = consolidate(parcels.drop(columns=[ROW]), catalog, tariff, policy,
                                 exact_limit=args.exact_limit, threads=args.threads)
        except RowValueError as e:
            raise source.fail(bad_parcel(e, parcels, args)) from None
        except (TypeError, ValueError) as e:
            raise source.fail(str(e).removeprefix("parcels: ")) from None
        seconds = time.perf_counter() - t0
        g = result.groups
        if out is not None:
            out.write(in_weight_unit(g, args))
        if assignments is not None:
            assignments.write(result.assignments)
    totals(len(result.assignments), (result.consumers["consumer_id"].nunique(),
                                     len(result.consumers)), len(g),
           int((g["n_parcels"] > 1).sum()), result.lanes, f"{seconds:.1f} s")
    note = hub_notes(args, policy, catalog, flat, parcels)
    if note:
        print(note)
    lane_lines(result.lanes)
    if out is not None:
        print(f"wrote {len(g):,} package{'s' * (len(g) != 1)} to {args.output}")
    if assignments is not None:
        print(f"wrote {len(result.assignments):,} assignments to {args.assignments}")
    return 0


def totals(parcels: int, consumers: tuple, packages: int, consolidated: int, lanes,
           took: str) -> None:
    """What a run did, the local one and the cluster's alike ("(all)" of `lanes` the money;
    `consumers`: how many, and how many consumer and lane pairs)."""
    cost, alone, saving = lanes[["cost", "cost_alone", "saving"]].iloc[-1]  # ("(all)": last)
    people, pairs = map(int, consumers)
    print(f"parcels              {parcels:,}")
    print(f"consumers            {people:,}"
          + (f" ({pairs:,} consumer and lane pairs)" if pairs != people else ""))
    print(f"packages             {packages:,} ({consolidated:,} consolidated)")
    print(f"cost                 {cost:,.2f} (alone {alone:,.2f})")
    print(f"saving               {saving:,.2f} ({100 * saving / max(alone, 1e-9):.1f} %)")
    print(f"time                 {took}")


def lane_lines(lanes) -> None:
    if len(lanes) > 2:  # several lanes: one line each
        import pandas as pd
        with pd.option_context("display.width", 120):
            print(lanes.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))


def run_dask(args, catalog, tariff, policy, flat) -> int:
    from ... import dask as cdask
    if args.output:
        check_parquet_folder(args.output)
    t0 = time.perf_counter()
    with scheduler_client(args.scheduler) as client:
        run = cdask.consolidate(read_parcels_dask(args), catalog, tariff, policy,
                                exact_limit=args.exact_limit, _scales=scales(args))
        groups = run.groups = client.persist(run.groups)
        lanes = run.lanes
        n = int(lanes["parcels"].iloc[-1])
        if not n:  # (as the local run says, before its output is touched)
            raise InputError(f"{args.parcels}: has no parcels (only a header)")
        people, pairs, consolidated = client.compute(
            [run.consumers["consumer_id"].nunique(), run.consumers.map_partitions(len).sum(),
             (groups["n_parcels"] > 1).sum()], sync=True)
        if args.output:
            parquet_folder(in_weight_unit(groups, args), args.output)
    totals(n, (people, pairs), int(lanes["packages"].iloc[-1]), int(consolidated), lanes,
           f"{time.perf_counter() - t0:.1f} s on {args.scheduler}")
    note = hub_notes(args, policy, catalog, flat)
    if note:
        print(note)
    lane_lines(lanes)
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0
