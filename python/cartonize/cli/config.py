"""Rate cards and policies from TOML files, for the command line; every key is checked.

A tariff file holds one service (its keys at the top), or several as ``[[service]]`` tables
(each with a ``name``), or lanes as ``[lanes.NAME]`` tables, each holding one service or an
array ``[[lanes.NAME.service]]``. A policy file holds a ConsolidationPolicy's keys at the top,
or per lane under ``[lanes.NAME]``. A machine file (``--on-demand``) holds one box-on-demand
machine's keys at the top, or several as ``[[machine]]`` tables. A key that is not known is
an error listing the allowed ones.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from .._rules import check_support
from .files import InputError, regular_file
from ..tariff import Tariff

TARIFF_KEYS = tuple(f.name for f in fields(Tariff))


def read_toml(path: str) -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    if not Path(path).is_dir():
        regular_file(path)
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a TOML file") from None
    except Exception as e:
        raise InputError(f"{path}: not valid TOML: {e}") from None


def _check_keys(spec, allowed: tuple, path: str, where: str) -> None:
    """An InputError unless `spec` is a table whose keys are all `allowed`."""
    if not isinstance(spec, dict):
        raise InputError(f"{path}: {where}must be a table of the keys {', '.join(allowed)}")
    unknown = sorted(set(spec) - set(allowed))
    if unknown:
        raise InputError(f"{path}: {where}unknown key(s) {', '.join(unknown)}; allowed: "
                         f"{', '.join(allowed)}")


def _tariff(spec, path: str, where: str, notes: list | None = None) -> Tariff:
    _check_keys(spec, TARIFF_KEYS, path, where)
    if notes is not None and "brackets" not in spec and "step_price" not in spec:
        # Not refused (a flat rate is a rate), but said: a card whose steps were left out by
        # mistake priced every weight alike, and consolidation saved twice what it would.
        t = _tariff(spec, path, where)
        given = [k for k in ("per_parcel", "first_price") if k in spec]
        notes.append(f"note: {path}: {where}no step_price and no brackets: every weight "
                     f"ships at {t.per_parcel + t.first_price:,.2f}"
                     f"{' (' + ' + '.join(given) + ')' if given else ''}; if that is meant, "
                     "write step_price = 0")
        return t
    try:
        spec = dict(spec)
        if "brackets" in spec:
            steps = [k for k in ("first_weight", "first_price", "step_weight", "step_price")
                     if k in spec]
            if steps:  # one of the two would be ignored
                raise ValueError(f"brackets and {steps[0]} price it two ways: give brackets "
                                 "or first and step prices")
            brackets = spec.pop("brackets")
            if not isinstance(brackets, list):
                raise ValueError("brackets must be a list of [up_to_grams, price] pairs")
            return Tariff.from_brackets(brackets, **spec)
        return Tariff(**spec)
    except (TypeError, ValueError) as e:
        raise InputError(f"{path}: {where}{e}") from None


def _services(spec: dict, path: str, where: str = "", notes: list | None = None):
    if "service" in spec:
        extra = sorted(set(spec) - {"service"})
        if extra:
            raise InputError(f"{path}: {where}keys beside [[service]]: {', '.join(extra)}; "
                             "put every key inside a [[service]] table")
        services = spec["service"]
        if not isinstance(services, list) or not services:
            raise InputError(f"{path}: {where}service must be an array of tables "
                             "([[service]])")
        out = [_tariff(s, path, f"{where}service {k + 1}: ", notes)
               for k, s in enumerate(services)]
        names = [t.name for t in out]
        if len(set(names)) != len(names):
            raise InputError(f"{path}: {where}every [[service]] needs a name of its own")
        return out
    return _tariff(spec, path, where, notes)


def load_tariff(path: str, notes: list | None = None):
    """A Tariff, a list of Tariffs (services), or a dict lane -> either. With `notes`, a
    "note:" line is added to it for each service that gives neither a step_price nor
    brackets (it ships every weight at one price)."""
    spec = read_toml(path)
    if not spec:  # not a free carrier: a file with nothing in it is a mistake
        raise InputError(f"{path}: the file is empty: give a service's keys (divisor, "
                         "first_weight, ...) or [[service]] tables")
    if "lanes" in spec:
        extra = sorted(set(spec) - {"lanes"})
        lanes = spec["lanes"]
        if extra or not isinstance(lanes, dict) or not lanes:
            raise InputError(f"{path}: a lanes file holds only [lanes.NAME] tables")
        return {name: _services(s, path, f"lane {name!r}: ", notes)
                for name, s in lanes.items()}
    return _services(spec, path, notes=notes)


def _policy(spec, path: str, where: str = ""):
    from ..consolidation import ConsolidationPolicy
    _check_keys(spec, tuple(f.name for f in fields(ConsolidationPolicy)), path, where)
    try:
        return ConsolidationPolicy(**spec)
    except (TypeError, ValueError) as e:
        raise InputError(f"{path}: {where}{e}") from None


def load_policy(path: str | None):
    """A ConsolidationPolicy (the defaults without a file), or a dict lane -> policy."""
    if path is None:
        return _policy({}, "(defaults)")
    spec = read_toml(path)
    if "lanes" in spec:
        lanes = spec["lanes"]
        if set(spec) != {"lanes"} or not isinstance(lanes, dict):
            raise InputError(f"{path}: a lanes file holds only [lanes.NAME] tables")
        return {name: _policy(s, path, f"lane {name!r}: ") for name, s in lanes.items()}
    return _policy(spec, path)


def load_machines(path: str) -> tuple:
    """The OnDemand machines of a TOML file: one machine's keys at the top, or [[machine]]."""
    from ..on_demand import OnDemand
    allowed = tuple(f.name for f in fields(OnDemand))
    spec = read_toml(path)
    if not spec:  # not a free machine of every size: a file with nothing in it is a mistake
        raise InputError(f"{path}: the file is empty: give a machine's keys (min, max, step, "
                         "...) or [[machine]] tables")
    specs = spec["machine"] if set(spec) == {"machine"} else [spec]
    if not isinstance(specs, list) or not specs:
        raise InputError(f"{path}: [[machine]] must be a list of tables")
    out = []
    for k, m in enumerate(specs):
        where = f"machine {k + 1}: " if len(specs) > 1 else ""
        _check_keys(m, allowed, path, where)
        try:
            out.append(OnDemand(**m))
        except (TypeError, ValueError) as e:
            raise InputError(f"{path}: {where}{e}") from None
    return tuple(out)


def pack_options(args) -> dict:
    """What pack_many takes from the options: the tariff, objective, rules, search."""
    tariff = None
    if args.tariff:
        tariff = load_tariff(args.tariff)
        if isinstance(tariff, dict):
            raise InputError(f"{args.tariff}: {args.module} takes one service or [[service]] "
                             "tables, not [lanes.NAME] (lanes are for consolidate and simulate)")
    elif args.objective == "cost":
        raise InputError("--objective cost needs --tariff (the carrier services to price by)")
    pairs = []
    for spec in args.incompatible or ():
        a, sep, b = spec.partition(":")
        if not sep or not a.strip() or not b.strip() or ":" in b:
            raise InputError(f"--incompatible: {spec!r} is not of the form food:chemical")
        if a.strip() == b.strip():
            raise InputError(f"--incompatible: {spec!r} names the same category twice")
        pairs.append((a.strip(), b.strip()))
    try:
        check_support(args.min_support)
    except ValueError as e:
        raise InputError(f"--min-support: {e}") from None
    return dict(tariff=tariff, objective=args.objective, exact=args.exact,
                incompatible=pairs or None, balance_weight=args.balance_weight,
                min_support=args.min_support, effort=args.effort)


def priced_by(catalog, options: dict, args) -> None:
    """One line naming the tariff file where its prices overflow for the boxes (a price per
    gram of a billion): it was the core's words alone, after the orders were read."""
    from ..tariff import check_tariffs
    if options.get("tariff") is None:
        return
    try:
        # (with the machines' largest boxes, as packing weighs them: a machine alone too)
        tariffs = check_tariffs(options["tariff"])
        (catalog._expanded(tariffs) if catalog.on_demand else catalog)._priced(tariffs)
    except OverflowError as e:
        raise InputError(f"{args.tariff}: {e} (for the boxes of {args.boxes})") from None


def packing_catalog(args, columns: dict, delimiter: str):
    """The boxes file (and the --on-demand machines) as the Catalog pack, render and view
    pack with."""
    from .convert import read_boxes
    catalog = read_boxes(args.boxes, args.unit, args.weight_unit, columns, delimiter,
                         getattr(args, "max_fill", None),
                         none_ok=bool(getattr(args, "on_demand", None)))  # a machine alone
    return with_station(catalog, args)


def priced_alike(catalog, path: str, args, machines=()):
    """`catalog` (read from `path`) unless, without a tariff, a box without a cost would be
    weighed against money (catalog.unpriced: beside boxes or machines that cost some): one
    line naming the file and the first such box."""
    from ..catalog import unpriced
    if getattr(args, "tariff", None) is not None:
        return catalog
    boxes = catalog.boxes if catalog is not None else ()  # (None: a machine alone)
    blank = unpriced(boxes, machines, getattr(args, "void_fill_cost", None))
    if not blank:
        return catalog
    b = blank[0]
    if b.kind == "machine":
        raise InputError(f"{args.on_demand}: machine {b.id!r} has no cost (neither board_cost "
                         f"nor cost) while the boxes in {path} have one: give it a cost to "
                         "weigh its boxes against them")
    if any(x._cost_given for x in boxes):
        raise InputError(f"{path}: {b.kind} {b.id!r} has no cost while others have one: give "
                         f"every box a cost (with none, each costs its volume)")
    raise InputError(f"{path}: {b.kind} {b.id!r} has no cost, and --on-demand's boxes have "
                     "one: give the stocked boxes a cost to weigh them against cutting")


def with_station(catalog, args, path=None):
    """The catalogue (read from `path`, --boxes by default; None: a file of no boxes beside
    --on-demand) with what --on-demand and --void-fill-cost add (one line naming the option
    when they do not go together, or the file when its costs do not go with the machines')."""
    from ..catalog import Catalog
    machines = load_machines(args.on_demand) if getattr(args, "on_demand", None) else ()
    priced_alike(catalog, path or args.boxes, args, machines)
    if machines and getattr(args, "max_fill", None) is not None:
        raise InputError("--max-fill does not go with --on-demand: a machine cuts each box to "
                         "its contents; give stocked boxes a max_fill column instead")
    void = getattr(args, "void_fill_cost", None)
    if not machines and void is None:
        return catalog
    try:
        return Catalog(catalog.boxes if catalog is not None else [], on_demand=machines,
                       void_fill_cost=void)
    except ValueError as e:
        option = ("--on-demand" if machines and (void is None or "on_demand" in str(e))
                  else "--void-fill-cost")
        raise InputError(f"{option} with {path or args.boxes}: {e}") from None


def packing_inputs(args):
    """What pack, render and view read before packing: the orders file (its columns checked),
    the catalogue and the options, as (source, catalog, options)."""
    from .._tables import LINE_REQUIRED, ORDER_COLUMNS
    from .files import Source, check_columns_read, parse_columns, parse_delimiter
    columns, delimiter = parse_columns(args.columns), parse_delimiter(args.delimiter)
    source = Source(args.orders, "orders", columns, delimiter)
    source.require(LINE_REQUIRED, known=ORDER_COLUMNS)
    catalog, options = packing_catalog(args, columns, delimiter), pack_options(args)
    check_columns_read(args.columns)
    priced_by(catalog, options, args)
    return source, catalog, options
