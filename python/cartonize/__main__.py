"""`python -m cartonize`: the command line (see cartonize.cli)."""

from .cli import console, main  # noqa: F401 (main: the command line as a function)

if __name__ == "__main__":
    console()
