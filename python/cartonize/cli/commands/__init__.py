"""The commands of the `cartonize` command line, one module each (see cli.py)."""
