"""The `cartonize` command line: a package of its own, which the library never imports.

program.py runs a command and turns every error into one line; parser.py declares the
commands; commands/ holds one module per command; files.py reads inputs and convert.py turns
their rows into numbers, Items and Catalogs; cluster.py reads them for a Dask cluster (each
row named by its file and data row) and leaves out bad orders there; outputs.py writes
outputs atomically; grouping.py gathers an order's rows, config.py reads the TOML files,
report.py and figures.py make the summary, the progress output and the HTML report."""

from .program import console, main

__all__ = ["console", "main"]
