"""The `cartonize` command (also `python -m cartonize`): the error handling around the
commands, which live in cartonize.cli.commands, one module each (the parser: cli.parser).

    cartonize demo                                  the main job on the bundled sample
    cartonize pack ORDERS --boxes BOXES -o OUT      pack an order file, in chunks, on all cores
    cartonize consolidate PARCELS --boxes B --tariff T.toml [--policy P.toml] -o OUT
    cartonize render ORDERS --boxes BOXES --order ID -o picture.png
    cartonize design ORDERS --k 6 --out designed.csv
    cartonize simulate PARCELS --boxes B --tariff lanes.toml --strategy rolling -o OUT

Errors in input files are one line naming the file, row and column, with exit code 2 (a
traceback only with --debug).
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import importlib
import os
import signal
import sys
from pathlib import Path

from .._extras import EXTRA_OF, missing
from .._interrupts import caused_by_interrupt
from . import outputs
from .cluster import is_glob
from .files import SEEN_COLUMNS, InputError
from .outputs import check_paths
from .parser import build_parser

# What each command imports, by extra, checked before any work: a missing one is one line
# naming it, and no output is touched. (module, extra, when: the option that needs it, or
# None for always.) The demo needs none: its summary runs on the base install.
NEEDS = {
    "pack": (("pandas", "cli", None), ("pyarrow", "cli", None),
             ("matplotlib", "viz", "report"), ("plotly", "viz", "report")),
    "render": (("pandas", "cli", None), ("pyarrow", "cli", None), ("matplotlib", "viz", None)),
    "view": (("pandas", "cli", None), ("pyarrow", "cli", None), ("plotly", "viz", "html"),
             ("reportlab", "viz", "pdf")),
    # (numba: the cli extra holds it, with what the command line reads files with; naming
    # [consolidate], a user with pandas alone was then asked for [cli] too.)
    "consolidate": (("pandas", "cli", None), ("pyarrow", "cli", None), ("numba", "cli", None)),
    "simulate": (("pandas", "cli", None), ("pyarrow", "cli", None), ("numba", "cli", None),
                 ("matplotlib", "viz", "plot")),
    "design": (("pandas", "cli", None), ("pyarrow", "cli", None), ("numba", "cli", None),
               ("matplotlib", "viz", "plot")),
}
SCHEDULER_NEEDS = (("dask", "dask"), ("distributed", "dask"))
# What the viz extra installs beside its own (pyproject.toml): it holds the cli extra's too.
VIZ_HOLDS = ("pandas", "pyarrow", "numba", "matplotlib", "plotly", "reportlab")


def check_extras(args) -> None:
    """A command whose extra is missing stops here, before it reads or writes anything."""
    ending = str(getattr(args, "output", None) or "").lower().rsplit(".", 1)[-1]
    needs = [(m, extra, when) for m, extra, when in NEEDS.get(args.module, ())
             if when is None or getattr(args, when, None) or when == ending]
    if getattr(args, "scheduler", None):
        needs += [(m, extra, "scheduler") for m, extra in SCHEDULER_NEEDS]
    # Where the run needs the viz extra, it is the one named for any module it holds: `view`
    # without pandas said [cli], and once that was installed, [viz] (a packer's trial).
    viz = any(extra == "viz" for _, extra, _ in needs)
    for module, extra, when in needs:
        if missing((module,)):
            if viz and module in VIZ_HOLDS:
                extra = "viz"  # (the option named stays the module's own: none for pandas)
            option = (f" -o .{when}" if when in ("html", "pdf") else
                      f" --{when.replace('_', '-')}" if when else "")
            raise ModuleNotFoundError(f"cartonize {args.module}{option} needs {module}: "
                                      f"pip install 'cartonize[{extra}]'", name=module)


# The files each command reads and writes, as (option, attribute): an output may name no input
# and no other output (checked before any work, _outputs.check_paths).
FILES = {
    "pack": ((("ORDERS", "orders"), ("--boxes", "boxes"), ("--current", "current"),
              ("--tariff", "tariff"), ("--on-demand", "on_demand")),
             (("-o", "output"), ("--placements", "placements"), ("--rejects", "rejects"),
              ("--report", "report"))),
    "consolidate": ((("PARCELS", "parcels"), ("--boxes", "boxes"), ("--tariff", "tariff"),
                     ("--policy", "policy")),
                    (("-o", "output"), ("--assignments", "assignments"))),
    "simulate": ((("PARCELS", "parcels"), ("--boxes", "boxes"), ("--tariff", "tariff"),
                  ("--policy", "policy")),
                 (("-o", "output"), ("--plot", "plot"))),
    "render": ((("ORDERS", "orders"), ("--boxes", "boxes"), ("--tariff", "tariff"),
                ("--on-demand", "on_demand")), (("-o", "output"),)),
    "view": ((("ORDERS", "orders"), ("--boxes", "boxes"), ("--tariff", "tariff"),
              ("--on-demand", "on_demand")), (("-o", "output"),)),
    "design": ((("ORDERS", "orders"), ("--current", "current"), ("--tariff", "tariff")),
               (("--out", "out"), ("--plot", "plot"))),
}


def check_files(args) -> None:
    """An output that names an input or another output is refused before any work."""
    if getattr(args, "on_error", None) == "skip" and not args.rejects:
        args.rejects = default_rejects(args.orders)
    inputs, outputs = FILES.get(args.module, ((), ()))

    def paths(pairs):
        return {label: v for label, attr in pairs
                if isinstance(v := getattr(args, attr, None), str)}
    written = paths(outputs)
    if isinstance(getattr(args, "report", None), str):  # and the page written beside it
        from .report import worst_page
        written["--report's worst-orders page"] = worst_page(args.report)
    read = paths(inputs)
    if getattr(args, "scheduler", None):  # (--scheduler reads globs and Parquet folders)
        read.update(read_by_glob_or_folder(read, written))
    check_paths(read, written)


def default_rejects(orders: str) -> str:
    """Where `pack --on-error skip` writes the rejected rows when --rejects is not given."""
    if is_glob(orders):  # beside the files, the glob would read it as orders the next time
        raise InputError(f"{orders}: with a glob of orders, --on-error skip needs --rejects "
                         "(a file the glob does not match)")
    return str(Path(orders).with_suffix("")) + ".rejects.csv"


def read_by_glob_or_folder(inputs: dict, outputs: dict) -> dict:
    """The files a glob among `inputs` names, each as an input of its own; and an output
    that a glob would match, or that lies in a folder read, refused: the next run would read
    it as input."""
    more = {}
    for label, path in inputs.items():
        folder = Path(path).is_dir()
        if not (folder or is_glob(path)):
            continue
        for name, out in outputs.items():
            if out and (fnmatch.fnmatch(os.path.abspath(out), os.path.abspath(path)) if not folder
                        else Path(os.path.abspath(out)).is_relative_to(os.path.abspath(path))):
                raise InputError(f"{out}: {name} lies among the files {label} reads ({path}): "
                                 "the next run would read it; give it a path elsewhere")
        if not folder:
            more.update({f"{label} ({f})": f for f in glob.glob(path)})
    return more


_TERMINATED = []  # SIGTERM came: the exit code says so (143, not Ctrl-C's 130)


def _terminated(signum, frame):
    """SIGTERM (a service stopped, `timeout`) stops the run as Ctrl-C does: the temporary
    files of the outputs are removed, the earlier outputs stand (it left an 11 MB temporary
    file beside the output, and the sort's folder in /tmp). The core takes it too, while it
    works (the bindings' guard, as for Ctrl-C)."""
    _TERMINATED.append(signum)
    raise KeyboardInterrupt


# The core stops a call at SIGTERM only where its handler says so (another program's SIGTERM
# handler, a server's graceful stop, runs once the call returns).
_terminated.cancels_calls = True


def console() -> None:
    """The `cartonize` program: main(), then the exit code it gave, whatever Ctrl-C does
    while Python shuts down."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = main()
    except KeyboardInterrupt:  # between main's own handlers and its return
        code = _interrupted()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def _interrupted() -> int:
    code = 143 if _TERMINATED else 130
    if outputs.WRITTEN:
        print(f"cartonize: interrupted after writing {', '.join(outputs.WRITTEN)}",
              file=sys.stderr)
    else:
        print("cartonize: interrupted; no output was changed", file=sys.stderr)
    return code


# What the system refuses a write for: no space, over a quota, a file too large.
SYSTEM_REFUSALS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "module"):
        args = parser.parse_args(["demo"] + list(argv or []))
    outputs.WRITTEN.clear()
    SEEN_COLUMNS.clear()
    try:
        check_extras(args)
        check_files(args)
        return importlib.import_module(f".commands.{args.module}", __package__).run(args)
    except BrokenPipeError:  # the reader went away (`cartonize demo | head`): end quietly
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        if args.debug:
            raise
        return _interrupted()
    except InputError as e:
        if args.debug:
            raise
        print(f"cartonize: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        if args.debug or e.name is None:
            raise
        if str(e).startswith("cartonize"):  # already worded: what needs it, which extra
            print(str(e), file=sys.stderr)
            return 2
        root = e.name.split(".")[0]
        extra = EXTRA_OF.get(root)
        hint = f"pip install 'cartonize[{extra}]'" if extra else f"pip install {root}"
        print(f"cartonize {args.module} needs {root}: {hint}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OverflowError, RuntimeError) as e:
        # The API's own words about the input (exit 2), or the system's refusal, such as threads
        # it cannot start (exit 1): one line either way.
        if args.debug:
            raise
        print(f"cartonize: {str(e).splitlines()[0] if str(e) else type(e).__name__}",
              file=sys.stderr)
        return 1 if isinstance(e, RuntimeError) else 2
    except OSError as e:
        if args.debug:
            raise
        if e.errno not in SYSTEM_REFUSALS:
            return _unexpected(e)
        # A full disk or a quota: the system's refusal, not a bug (the outputs were written
        # to temporary files: the earlier ones stand).
        where = f"{e.filename}: " if e.filename else ""
        kept = (f"wrote only {', '.join(outputs.WRITTEN)}" if outputs.WRITTEN else
                "no output was changed")
        print(f"cartonize: {where}cannot write: {e.strerror}; {kept}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: still one line, the traceback behind --debug
        if args.debug:
            raise
        return _unexpected(e)


def _unexpected(e: Exception) -> int:
    """A bug: one line, the traceback behind --debug."""
    if caused_by_interrupt(e):
        return _interrupted()
    print(f"cartonize: unexpected {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
          " (run with --debug for the traceback, and please report it)", file=sys.stderr)
    return 1
