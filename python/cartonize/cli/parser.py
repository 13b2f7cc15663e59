"""The `cartonize` command line's parser: the commands, their options, and the option groups
several commands share (declared once). Usage errors are one line with exit code 2."""

from __future__ import annotations

import argparse

from ..consolidation.policy import STRATEGIES
from .._simd import simd
from .._units import LENGTH_UNITS, WEIGHT_UNITS
from .._version import __version__

ORIENTATIONS = ("any", "upright", "fixed")


def _whole(text: str, least: int, said: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if v < least:
        raise argparse.ArgumentTypeError(f"{text!r} must be {said}")
    return v


def positive_int(text: str) -> int:
    return _whole(text, 1, "at least 1")


def seed(text: str) -> int:
    """A seed: a whole number, 0 or more (numpy's generators take no negative one)."""
    return _whole(text, 0, "0 or more")


def exact_limit(text: str) -> int:
    """Parcels a consumer may have to be solved exactly: 1 to 20, as consolidate checks it."""
    v = positive_int(text)
    if v > 20:
        raise argparse.ArgumentTypeError(f"{text!r} must be at most 20 (2^20 groups a consumer)")
    return v


def moves(text: str) -> int:
    """A whole number of moves, 0 or more (--effort), checked as pack checks effort."""
    from .._options import check_effort
    try:
        return check_effort(int(text))
    except ValueError as e:
        if "effort" in str(e):
            raise argparse.ArgumentTypeError(f"{text!r}: {e}") from None
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _number(text: str, ok, must: str) -> float:
    """A float from an option's text; `must` says what it must be when `ok(value)` fails."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not ok(v):
        raise argparse.ArgumentTypeError(f"{text!r} must be {must}")
    return v


def share(text: str) -> float:
    """A share in (0, 1], such as 0.85."""
    return _number(text, lambda v: 1e-6 <= v <= 1,
                   "in [0.000001, 1]: a share of the inner volume, 0.85 for 85 %")


def weight(text: str) -> float:
    """A weight above 0, finite (in the file's unit)."""
    return _number(text, lambda v: 0 < v < float("inf"), "finite and above 0")


def money(text: str) -> float:
    """An amount of money, finite and not negative."""
    return _number(text, lambda v: 0 <= v < float("inf"), "finite and not negative")


def _options():
    """Option groups shared by several commands, each declared once."""
    files = argparse.ArgumentParser(add_help=False)
    g = files.add_argument_group("reading files")
    g.add_argument("--columns", help="map your column names to ours: height=depth,length=len_cm")
    g.add_argument("--unit", choices=sorted(LENGTH_UNITS), default="mm",
                   help="length unit of the files (default mm), converted conservatively; "
                        "view and the report's page write in it")
    g.add_argument("--weight-unit", choices=sorted(WEIGHT_UNITS), default="g",
                   help="weight unit of the files (default g); view and the report's page "
                        "write in it")
    g.add_argument("--delimiter", help="CSV field separator of every file read: ; or tab, "
                   "say (default: a tab for a .tsv file, a comma for others)")
    g.add_argument("--chunk-rows", type=positive_int, default=500_000, help=argparse.SUPPRESS)

    orientation = argparse.ArgumentParser(add_help=False)
    orientation.add_argument("--orientation", choices=ORIENTATIONS, default=None,
                             help="turns allowed when the file has no orientation column "
                                  "(default any)")
    threads = argparse.ArgumentParser(add_help=False)
    threads.add_argument("--threads", type=positive_int, default=None,
                         help="threads (default: every core the process may run on)")
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("--quiet", action="store_true", help="no progress output")
    exact = argparse.ArgumentParser(add_help=False)
    exact.add_argument("--exact", action=argparse.BooleanOptionalAction, default=True,
                       help="settle boxes the heuristic fails on with lower bounds and the "
                            "exact search (default on)")
    packing = argparse.ArgumentParser(add_help=False)  # pack, render and view
    g = packing.add_argument_group("packing")
    g.add_argument("--tariff", help="carrier services (TOML, weights in g, lengths in mm, "
                                    "divisor in cm3 per kg, whatever --unit says): choose "
                                    "boxes by landed cost (material + shipping)")
    g.add_argument("--objective", choices=["boxes", "cost"], default="boxes",
                   help="fewest boxes, then least cost (default); or least landed cost even "
                        "with more boxes (needs --tariff)")
    g.add_argument("--incompatible", action="append", metavar="A:B",
                   help="copies of categories A and B never share a box (repeat for more "
                        "pairs); the orders file's category column labels them")
    g.add_argument("--balance-weight", action="store_true",
                   help="move copies between the boxes of a split so the heaviest is lighter")
    g.add_argument("--on-demand", metavar="MACHINE.toml",
                   help="a box-on-demand machine (TOML in mm whatever --unit says: min, "
                        "max, step, wall, board_cost, cost; several as [[machine]]): each box "
                        "is cut to size when that is cheaper than the stocked box")
    g.add_argument("--max-fill", type=share, default=None, metavar="SHARE",
                   help="fill boxes and bags to at most this share (0..1] of their inner "
                        "volume, where the boxes file gives no max_fill (default: no limit)")
    g.add_argument("--void-fill-cost", type=money, default=None, metavar="PER_LITRE",
                   help="what void fill (dunnage) costs per litre: each box's cost counts "
                        "filling its empty space, so a larger box weighs its filler; totals "
                        "give the litres and their cost (boxes only: not with bags)")
    g.add_argument("--effort", type=moves, default=0, metavar="MOVES",
                   help="after a split, up to this many moves of a search for fewer boxes, "
                        "or a lower cost (each move packs two to five of the boxes anew; "
                        "the same result on every run; default 0: none)")
    g.add_argument("--min-support", type=float, default=0.0, metavar="SHARE",
                   help="every copy off the floor rests on at least this share (0..1) of its "
                        "base; the orders file's stackable column marks what nothing may "
                        "rest on, its max_load column what a copy may bear (default 0)")
    hub = argparse.ArgumentParser(add_help=False)  # consolidate and simulate
    hub.add_argument("parcels", help="the parcels (parcel_id, consumer_id, ready, deadline, "
                                     "length, width, height, weight, value)")
    hub.add_argument("--boxes", required=True, help="the boxes parcels are repacked into")
    hub.add_argument("--tariff", required=True,
                     help="rate card (TOML, in g and mm whatever --unit says; [[service]] for "
                          "several; [lanes.NAME] per lane)")
    hub.add_argument("--policy", help="limits and waiting cost (TOML, in g; [lanes.NAME] per "
                                      "lane); defaults otherwise")
    scheduler = argparse.ArgumentParser(add_help=False)
    scheduler.add_argument("--scheduler", help="run on a Dask cluster at this address "
                                               "(tcp://host:8786); the input and -o may then "
                                               "be Parquet folders")
    return files, orientation, threads, quiet, exact, scheduler, hub, packing


def build_parser() -> argparse.ArgumentParser:
    files, orientation, threads, quiet, exact, scheduler, hub, packing = _options()
    parser = _Parser(
        prog="cartonize",
        description="Right-sized boxes for e-commerce orders. With no command, runs the demo "
                    "on the bundled sample of 400 real orders.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version",
                        version=f"cartonize {__version__} (placement kernel: {simd()})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, parents, **kw):
        p = sub.add_parser(name, parents=parents, **kw)
        p.set_defaults(module=name)
        return p

    demo = command("demo", [threads], help="pack the bundled sample: summary, picture, report",
                   description="Packs the bundled sample of 400 real orders into its four "
                               "boxes, prints a summary, and writes a picture of one packed "
                               "order and an HTML report.")
    demo.add_argument("--orientation", choices=ORIENTATIONS, default="any",
                      help="turns the sample's items may take (default any)")
    demo.add_argument("--out-dir", default=".", help="where the picture and report go")

    p = command(
        "pack", [files, orientation, threads, quiet, exact, scheduler, packing],
        help="choose boxes for every order of a file",
        description="Packs every order of ORDERS (one row per order line: order_id, length, "
                    "width, height, and optionally weight, quantity, orientation, item_id, "
                    "group, category, max_per_box, ships_alone, stackable, max_load) into the "
                    "boxes of "
                    "BOXES (id, length, width, height, and optionally max_weight, "
                    "empty_weight, cost, stock, max_fill, outer_length, outer_width, "
                    "outer_height; with "
                    "a column kind, rows of kind bag are bags and mailers: a flat length and "
                    "width, no height, and optionally max_height and wall). "
                    "Files are .csv, .parquet or .jsonl; large files stream in blocks, and the "
                    "rows of one order may lie anywhere in the file. Prints a summary; writes "
                    "one row per order to -o.")
    p.add_argument("orders", help="the order lines")
    p.add_argument("--boxes", required=True, help="the boxes you stock")
    p.add_argument("-o", "--output", help="results, one row per order (.csv/.parquet/.jsonl)")
    p.add_argument("--placements", nargs="?", const=True, default=None, metavar="FILE",
                   help="also one row per placed item copy, to FILE; with -o OUT.jsonl and no "
                        "FILE, each order's row holds its boxes and their placements (lengths "
                        "in the unit the input was read in)")
    p.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                   help="a bad row stops the run (fail, default) or its order is skipped, "
                        "counted and written to a rejects file (skip)")
    p.add_argument("--rejects", help="where skipped rows go (default: beside the orders file, "
                   "its ending replaced: orders.csv gives orders.rejects.csv)")
    p.add_argument("--report", help="write a self-contained HTML report of the batch, with "
                                    "a view page of each of its worst-filled orders beside it")
    p.add_argument("--current", help="the boxes in use now: also pack with them and print the "
                                     "saving")

    c = command(
        "consolidate", [hub, files, threads, quiet, scheduler],
        help="group each consumer's parcels into packages when it pays",
        description="Consolidates PARCELS (parcel_id, consumer_id, ready, deadline in seconds, "
                    "length, width, height, weight, value in minor currency units) into the "
                    "boxes of BOXES (costs in currency), priced by the TOML rate card --tariff "
                    "under the TOML --policy (both files: the command-line guide, "
                    "docs/guides/command-line.md, \"consolidate and simulate\").")
    c.add_argument("-o", "--output", help="one row per package")
    c.add_argument("--assignments", help="parcel_id -> group_id, to this file")
    c.add_argument("--exact-limit", type=exact_limit, default=12,
                   help="consumers with at most this many parcels are solved exactly (1 to 20; "
                        "a greedy merge beyond)")

    sim = command(
        "simulate", [hub, files, threads, quiet, scheduler],
        help="run a consolidation hub over the parcels' arrivals",
        description="Simulates a hub: parcels (the consolidate columns, and optionally lane, "
                    "known: when the hub learns of a parcel, eta: its expected arrival) arrive "
                    "over time; the strategy decides what ships when. --tariff may hold "
                    "[lanes.NAME] tables. Prints per lane and in all: packages, cost, saving, "
                    "waits and late parcels.")
    sim.add_argument("--strategy", choices=STRATEGIES, default="rolling",
                     help="rolling: re-plan as news comes (default); on_arrival: each parcel "
                          "alone when it arrives; offline: consolidate with hindsight")
    sim.add_argument("--every", help="decide only at waves: 3600, 30m, 1h, 1d (default: at "
                                     "every event)")
    sim.add_argument("-o", "--output", help="one row per shipment")
    sim.add_argument("--plot", help="run all three strategies and draw cost and wait side by "
                                    "side (PNG)")

    r = command("render", [files, orientation, exact, packing],
                help="draw how one order is packed (PNG)",
                description="Packs one order of ORDERS and draws each box in 3D beside its "
                            "packing sequence (PNG, SVG or PDF; needs cartonize[viz]). For "
                            "instructions a packer follows, see `cartonize view`.")
    r.add_argument("orders", help="the order lines (the order's rows may lie anywhere)")
    r.add_argument("--boxes", required=True, help="the boxes you stock")
    r.add_argument("--order", required=True, help="the order_id to draw")
    r.add_argument("-o", "--output", default="packing.png",
                   help="the picture (.png, .svg or .pdf; default packing.png)")

    v = command("view", [files, orientation, exact, packing],
                help="packing instructions: an interactive 3D page or a printed sheet",
                description="Packs the orders named by --order and writes the packing "
                            "instructions: an HTML page (-o ending .html) that draws each box "
                            "in 3D and builds it up step by step, working offline, or a "
                            "printed packing sheet (-o ending .pdf), a page per box with the "
                            "order's barcode and every step drawn (needs cartonize[viz]).")
    v.add_argument("orders", help="the order lines (the orders' rows may lie anywhere)")
    v.add_argument("--boxes", required=True, help="the boxes you stock")
    v.add_argument("--order", required=True, action="append", metavar="ID",
                   help="an order_id to show (repeat for more orders)")
    v.add_argument("-o", "--output", required=True,
                   help="out.html (the interactive page) or out.pdf (the sheet)")
    v.add_argument("--page", choices=["A4", "Letter"], default="A4",
                   help="the sheet's paper (default A4)")

    d = command(
        "design", [files, orientation, threads, quiet],
        help="choose which box sizes to stock, from an order file",
        description="Choose k box sizes from order history (one row per order line: "
                    "order_id, length, width, height, and optionally weight, quantity, "
                    "orientation). Prints train and holdout figures against --current and "
                    "writes the sizes to --out.")
    d.add_argument("orders", help="orders file: .csv, .parquet or .jsonl")
    d.add_argument("--k", type=positive_int, required=True, help="how many box sizes")
    d.add_argument("--current", help="the boxes in use now (id, length, width, height, ...)")
    d.add_argument("--objective", choices=["volume", "board", "cost"], default="volume",
                   help="minimise shipped box volume, corrugated board (FEFCO 0201), or landed "
                        "cost (needs --tariff)")
    d.add_argument("--tariff", help="carrier services (TOML, in g and mm whatever --unit says): "
                                    "report shipping and landed cost")
    d.add_argument("--max-weight", type=weight, default=None, metavar="W",
                   help="what each designed box may carry, in --weight-unit (default: the "
                        "heaviest limit of the --current boxes, else none)")
    d.add_argument("--bags", type=int, default=0, metavar="N",
                   help="also design N bag sizes (flat length x width) beside the k boxes "
                        "(default 0)")
    d.add_argument("--bag-max-height", type=positive_int, default=None, metavar="MM",
                   help="the designed bags' greatest thickness (padded mailers; default: the "
                        "largest of the --current bags, else as their sides allow)")
    d.add_argument("-o", "--out", required=True,
                   help="where to write the designed sizes (-o, as the other commands)")
    d.add_argument("--plot", help="draw what each k = 1..K saves against --current: box "
                                  "volume and board, and landed cost by cost (PNG)")
    d.add_argument("--holdout", type=float, default=0.3,
                   help="share of orders held out for the honest figures (default 0.3)")
    d.add_argument("--seed", type=seed, default=0,
                   help="which orders are held out (the same seed, the same split; default 0)")
    d.add_argument("--verbose", action="store_true", help="progress lines even when piped")
    return parser


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 2, like every other error."""

    def error(self, message):
        self.exit(2, f"cartonize: {message} (see {self.prog} --help)\n")
