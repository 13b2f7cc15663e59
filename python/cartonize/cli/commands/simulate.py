"""cartonize simulate: a consolidation hub over the parcels' arrivals, with one strategy (and,
with --plot, the other two beside it)."""

from __future__ import annotations

import re
import sys
import time

from ...consolidation.policy import STRATEGIES
from ..figures import duration
from ..outputs import (Outputs, TableOutput, check_parquet_folder, parquet_folder,
                       picture_target, scheduler_client)
from ..._tables import RowValueError
from ..files import ROW, InputError
from .consolidate import (bad_parcel, hub_inputs, in_weight_unit, hub_notes, read_parcels,
                          read_parcels_dask, scales)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_EVERY = 10**9  # seconds between waves at most


def parse_every(text):
    """'1h', '30m', '90s', '1d' or a number of seconds; None for 'event' or nothing."""
    if text is None or text in ("event", "none"):
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not m:
        raise InputError(f"--every: {text!r} is not a duration like 3600, 30m, 1h or 1d")
    seconds = float(m.group(1)) * UNITS[m.group(2) or "s"]
    if seconds < 1 or seconds != int(seconds):
        raise InputError(f"--every: {text!r} must be a whole number of seconds, at least 1")
    if seconds > MAX_EVERY:  # a huge one was blamed on the parcels file
        raise InputError(f"--every: {text!r} is more than {MAX_EVERY:,} s (about 31 years)")
    return int(seconds)


class _Bar:
    """A progress bar over simulated time (hours) on a terminal, nothing otherwise."""

    def __init__(self, quiet: bool, label: str):
        self.bar, self.label = None, label
        self.enabled = not quiet and sys.stderr.isatty()

    def __call__(self, reached: int, last: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            try:
                from tqdm import tqdm
            except ImportError:
                self.enabled = False
                return
            self.bar = tqdm(total=max(1, last // 3600), unit="h", desc=self.label,
                            file=sys.stderr, dynamic_ncols=True)
        self.bar.update(max(0, reached // 3600 - self.bar.n))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def notes(args, every, policy, catalog, flat, parcels=None) -> None:
    """What the run leaves unweighed that the options or the policy suggest it weighs."""
    if every is not None and args.strategy == "offline":
        print("note: offline plans in hindsight, at no waves: --every applies to rolling and "
              "on_arrival" + (", drawn beside it by --plot" if args.plot else ""))
    note = hub_notes(args, policy, catalog, flat, parcels)
    if note:
        print(note)


def run(args) -> int:
    from ...consolidation import simulate
    every = parse_every(args.every)
    catalog, tariff, policy, flat = hub_inputs(args)
    if args.scheduler:
        return run_dask(args, catalog, tariff, policy, every, flat)
    strategies = [args.strategy] + ([s for s in STRATEGIES if s != args.strategy]
                                    if args.plot else [])
    with Outputs() as outputs:
        out = outputs.add(TableOutput(args.output, "the shipments")) if args.output else None
        plot = outputs.add(picture_target(args.plot, "the plot")) if args.plot else None
        parcels, source = read_parcels(args)  # (known, eta: read as the API reads them)
        for c in ("lane", "parcel_id", "consumer_id"):
            if c in parcels.columns:
                parcels[c] = parcels[c].astype(object)
        runs = {}
        for strategy in strategies:
            bar = _Bar(args.quiet, strategy)
            t0 = time.perf_counter()
            try:
                runs[strategy] = (simulate(parcels.drop(columns=[ROW]), catalog, tariff, policy,
                                           strategy=strategy, every=every,
                                           threads=args.threads, progress=bar),
                                  time.perf_counter() - t0)
            except RowValueError as e:
                raise source.fail(bad_parcel(e, parcels, args)) from None
            except (TypeError, ValueError) as e:
                raise source.fail(str(e).removeprefix("parcels: ")) from None
            finally:
                bar.close()
        result, seconds = runs[args.strategy]
        if out is not None:
            out.write(in_weight_unit(result.shipments, args))
        if plot is not None:
            from ...render import save_figure
            from ..figures import simulation_figure
            save_figure(simulation_figure({s: r.summary for s, (r, _) in runs.items()},
                                          every), str(plot.temp))
    import pandas as pd
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        for strategy, (r, secs) in runs.items():
            print(heading(strategy, every, f"{secs:.1f} s"))
            print(r.summary.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
            if r.message:
                print(f"note: {r.message}")
    notes(args, every, policy, catalog, flat, parcels)
    if out is not None:
        n = len(result.shipments)
        print(f"wrote {n:,} shipment{'s' * (n != 1)} to {args.output}")
    if plot is not None:
        print(f"wrote {args.plot}")
    return 0


def heading(strategy: str, every, took: str) -> str:
    """The line above a strategy's table, the local run's and the cluster's alike."""
    how = ("hindsight" if strategy == "offline" else
           "every event" if every is None else f"waves of {duration(every)}")
    return f"strategy {strategy} ({how}, {took})"


def run_dask(args, catalog, tariff, policy, every, flat) -> int:
    from ... import dask as cdask
    if args.output:
        check_parquet_folder(args.output)
    t0 = time.perf_counter()
    with scheduler_client(args.scheduler):
        run = cdask.simulate(read_parcels_dask(args), catalog, tariff, policy,
                             strategy=args.strategy, every=every,
                             _scales=scales(args)).persist()
        summary, message = run.summary, run.message
        if not summary["parcels"].sum():  # (as the local run says, before its output is touched)
            raise InputError(f"{args.parcels}: has no parcels (only a header)")
        if args.output:
            parquet_folder(in_weight_unit(run.shipments, args), args.output)
    import pandas as pd
    with pd.option_context("display.width", 140, "display.max_columns", 20):
        print(heading(args.strategy, every,
                      f"{time.perf_counter() - t0:.1f} s on {args.scheduler}"))
        print(summary.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    if message:
        print(f"note: {message}")
    notes(args, every, policy, catalog, flat)
    if args.output:
        print(f"wrote {args.output}/ (Parquet)")
    return 0
