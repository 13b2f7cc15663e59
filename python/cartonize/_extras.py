"""Optional dependencies, asked for by name before any work: a missing one is one line that
names it and the extra that installs it (`pip install 'cartonize[cli]'`), never a bare "No
module named ..." halfway through a run."""

from __future__ import annotations

import importlib.util

# What each extra holds that the code imports (pyproject.toml's optional dependencies).
EXTRA_OF = {"numba": "consolidate", "llvmlite": "consolidate", "pandas": "cli",
            "pyarrow": "cli", "duckdb": "cli", "tqdm": "cli", "matplotlib": "viz",
            "dask": "dask", "distributed": "dask"}


def missing(modules) -> list:
    """The modules of `modules` that cannot be imported here."""
    def gone(module):
        try:
            return importlib.util.find_spec(module) is None
        except (ImportError, ValueError):  # a finder that refuses it, a broken install
            return True
    return [m for m in modules if gone(m)]


def require(modules, extra: str, what: str) -> None:
    """ModuleNotFoundError naming the first missing module of `modules`, what needs it and
    the extra that installs it."""
    gone = missing(modules)
    if gone:
        raise ModuleNotFoundError(f"{what} needs {gone[0]}: pip install 'cartonize[{extra}]'",
                                  name=gone[0])
