"""Files for the command line: orders, boxes, tariffs and policies in; results out.

CSV, Parquet and JSON Lines, chosen by the file name's ending (.csv, .parquet/.pq,
.jsonl/.ndjson). Order files are read in chunks (Parquet row batches, CSV and JSON Lines
blocks of rows) so that memory stays flat on very large files; a chunk always ends at an order
boundary, so the rows of one order must be adjacent in the file (sorted or grouped by
order_id), as exports usually are. Units convert as the API snaps floats: item sizes and
weights round up, box sizes and load limits round down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._tables import LINE_REQUIRED
from .catalog import Catalog
from .model import Box, Item

LENGTH_UNITS = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}
WEIGHT_UNITS = {"g": 1.0, "kg": 1000.0, "lb": 453.59237}


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


def _format(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    return "csv"


def read_table(path: str, columns: dict | None = None):
    """A whole file as a pandas DataFrame, columns renamed."""
    import pandas as pd
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    try:
        fmt = _format(p)
        if fmt == "parquet":
            df = pd.read_parquet(p)
        elif fmt == "jsonl":
            df = pd.read_json(p, lines=True)
        else:
            df = pd.read_csv(p)
    except Exception as e:  # the parser's own words, with the file named
        raise InputError(f"{path}: cannot read: {e}") from None
    return df.rename(columns=columns or {})


def count_rows(path: str) -> int | None:
    """Rows in a file, cheaply (Parquet metadata, or newlines), for progress bars."""
    if not Path(path).exists():
        raise InputError(f"{path}: no such file")
    fmt = _format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq
        return pq.ParquetFile(path).metadata.num_rows
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return max(0, n - (1 if fmt == "csv" else 0))


def _raw_chunks(path: str, rows: int):
    import pandas as pd
    fmt = _format(path)
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq
            for batch in pq.ParquetFile(path).iter_batches(batch_size=rows):
                yield batch.to_pandas()
        elif fmt == "jsonl":
            yield from pd.read_json(path, lines=True, chunksize=rows)
        else:
            yield from pd.read_csv(path, chunksize=rows)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read: {e}") from None


def order_chunks(path: str, columns: dict | None = None, rows: int = 500_000):
    """Yield (DataFrame, first row number) with whole orders; rows numbered from 1."""
    import pandas as pd
    if not Path(path).exists():
        raise InputError(f"{path}: no such file")
    carry, start = None, 1
    for chunk in _raw_chunks(path, rows):
        chunk = chunk.rename(columns=columns or {})
        if "order_id" not in chunk.columns:
            raise InputError(f"{path}: missing column order_id (columns: "
                             f"{', '.join(map(str, chunk.columns))})")
        if carry is not None:
            chunk = pd.concat([carry, chunk], ignore_index=True)
        ids = chunk["order_id"].to_numpy()
        last = len(ids)
        while last > 0 and ids[last - 1] == ids[-1]:
            last -= 1
        if last == 0:  # one order fills the chunk: keep reading
            carry = chunk
            continue
        yield chunk.iloc[:last].reset_index(drop=True), start
        start += last
        carry = chunk.iloc[last:].reset_index(drop=True)
    if carry is not None and len(carry):
        yield carry, start


def convert_units(df, length_cols, weight_cols, unit: str, weight_unit: str):
    """Scale lengths and weights to mm and g (floats; snapping happens downstream). A cell
    that is not a number is left as it is, so that the error names what the file holds."""
    import pandas as pd
    lf, wf = LENGTH_UNITS[unit], WEIGHT_UNITS[weight_unit]
    for cols, factor in ((length_cols, lf), (weight_cols, wf)):
        if factor == 1.0:
            continue
        for c in cols:
            if c not in df.columns:
                continue
            if pd.api.types.is_numeric_dtype(df[c]):
                df[c] = df[c].astype(np.float64) * factor
            else:
                num = pd.to_numeric(df[c], errors="coerce")
                out = df[c].astype(object).copy()
                ok = num.notna()
                out[ok] = num[ok] * factor
                df[c] = out
    return df


def read_boxes(path: str, unit: str = "mm", weight_unit: str = "g") -> Catalog:
    """A Catalog from a file with columns id, length, width, height and optionally
    max_weight, empty_weight, cost, outer_length, outer_width, outer_height."""
    df = read_table(path)
    missing = [c for c in ("id", "length", "width", "height") if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    lf, wf = LENGTH_UNITS[unit], WEIGHT_UNITS[weight_unit]
    boxes = []
    for r, row in enumerate(df.to_dict("records")):
        def opt(name):
            v = row.get(name)
            return None if v is None or v != v else v  # NaN: absent

        def scaled(v, f):
            return v * f if f != 1.0 and isinstance(v, (int, float)) else v
        try:
            outer = None
            if all(opt(f"outer_{a}") is not None for a in ("length", "width", "height")):
                outer = tuple(scaled(row[f"outer_{a}"], lf) for a in ("length", "width", "height"))
            mw = opt("max_weight")
            boxes.append(Box(row["id"], *(scaled(row[a], lf) for a in ("length", "width", "height")),
                             max_weight=None if mw is None else scaled(mw, wf), cost=opt("cost"),
                             outer=outer, empty_weight=scaled(opt("empty_weight") or 0, wf)))
        except (TypeError, ValueError) as e:
            raise InputError(f"{path}: row {r + 1}: {e}") from None
    try:
        return Catalog(boxes)
    except (TypeError, ValueError) as e:
        raise InputError(f"{path}: {e}") from None


def read_toml(path: str) -> dict:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as e:
        raise InputError(f"{path}: {e}") from None


class TableWriter:
    """Appends DataFrames to one CSV, Parquet or JSON Lines file."""

    def __init__(self, path: str):
        self.path, self.fmt, self.rows = path, _format(path), 0
        self._parquet = None
        self._first = True

    def write(self, df) -> None:
        if self.fmt == "csv":
            out = df.copy()
            for c in out.columns:
                if len(out) and isinstance(out[c].iloc[0], tuple):
                    out[c] = ["|".join(map(str, v)) for v in out[c]]
            out.to_csv(self.path, mode="w" if self._first else "a", header=self._first,
                       index=False)
        elif self.fmt == "jsonl":
            with open(self.path, "w" if self._first else "a") as f:
                if len(df):
                    f.write(df.to_json(orient="records", lines=True))
                    f.write("\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq
            out = df.copy()
            for c in out.columns:
                if len(out) and isinstance(out[c].iloc[0], tuple):
                    out[c] = [list(map(str, v)) for v in out[c]]
            table = pa.Table.from_pandas(out, preserve_index=False)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        self._first = False
        self.rows += len(df)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self._first:  # nothing written: still leave a file
            import pandas as pd
            self.write(pd.DataFrame())


def frame_items(rows) -> list:
    """The order lines of a DataFrame as Items (an item_id column names them)."""
    out = []
    for r in rows.to_dict("records"):
        q = r.get("quantity", 1)
        w = r.get("weight", 0)
        o = r.get("orientation", "any")
        out.append(Item(r["length"], r["width"], r["height"],
                        weight=0 if w is None or w != w else w,
                        quantity=1 if q is None or q != q else int(q),
                        orientation="any" if not isinstance(o, str) else o,
                        id=r.get("item_id")))
    return out


def prepare_chunk(chunk, args, path):
    """An order-line chunk with the command's defaults and units applied."""
    if getattr(args, "orientation", None) and "orientation" not in chunk.columns:
        chunk["orientation"] = args.orientation
    convert_units(chunk, ("length", "width", "height"), ("weight",), args.unit, args.weight_unit)
    missing = [c for c in LINE_REQUIRED if c not in chunk.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (columns: "
                         f"{', '.join(map(str, chunk.columns))}; map yours with --columns)")
    return chunk
