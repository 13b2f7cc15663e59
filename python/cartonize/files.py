"""Reading orders and boxes from files (CSV, Parquet, JSON Lines) for the command line."""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .model import Box


class InputError(ValueError):
    """A problem with an input file, worded for the command line (file, row, column)."""


def parse_columns(spec: str | None) -> dict:
    """'height=depth,length=len_mm' -> {'depth': 'height', 'len_mm': 'length'}."""
    out = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, _, theirs = part.partition("=")
        if not theirs:
            raise InputError(f"--columns: {part!r} is not of the form ours=theirs")
        out[theirs.strip()] = ours.strip()
    return out


def read_table(path: str, columns: dict | None = None):
    """A pandas DataFrame from a CSV, Parquet or JSON Lines file, columns renamed."""
    import pandas as pd
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    suffix = p.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            df = pd.read_parquet(p)
        elif suffix in (".jsonl", ".ndjson"):
            df = pd.read_json(p, lines=True)
        else:
            df = pd.read_csv(p)
    except Exception as e:  # the parser's own words, with the file named
        raise InputError(f"{path}: cannot read: {e}") from None
    return df.rename(columns=columns or {})


def read_boxes(path: str) -> Catalog:
    """A Catalog from a file with columns id, length, width, height and optionally
    max_weight, empty_weight, cost, outer_length, outer_width, outer_height."""
    df = read_table(path)
    missing = [c for c in ("id", "length", "width", "height") if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    boxes = []
    for r, row in enumerate(df.to_dict("records")):
        def opt(name):
            v = row.get(name)
            return None if v is None or v != v else v  # NaN: absent
        try:
            outer = None
            if all(opt(f"outer_{a}") is not None for a in ("length", "width", "height")):
                outer = (row["outer_length"], row["outer_width"], row["outer_height"])
            boxes.append(Box(row["id"], row["length"], row["width"], row["height"],
                             max_weight=opt("max_weight"), cost=opt("cost"), outer=outer,
                             empty_weight=opt("empty_weight") or 0))
        except (TypeError, ValueError) as e:
            raise InputError(f"{path}: row {r}: {e}") from None
    try:
        return Catalog(boxes)
    except (TypeError, ValueError) as e:
        raise InputError(f"{path}: {e}") from None
