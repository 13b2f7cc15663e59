"""Files in for the command line's --scheduler runs, with each row's name in them.

A dask DataFrame read here has one partition a Parquet row group, or a CSV or JSON Lines
file, and its index names every row by its file and data row (from 1): "1501 of
orders/part2.parquet". That name survives the shuffle that brings an order's rows together,
and the library's messages name a row by its index label, so a bad cell on the cluster is
named as the local run names it. ``bad_orders`` then does what ``--on-error`` asks of the
orders that had one: stop the run in one line, or leave them out and write their rows to the
rejects file.
"""

from __future__ import annotations

import glob
from pathlib import Path

from .files import InputError

PARQUET = (".parquet", ".pq")


def _files(path: str) -> list:
    """The files `path` names: a Parquet folder's files (as pyarrow reads a dataset: hidden
    and _-prefixed ones left out), a glob's matches, or the file."""
    p = Path(path)
    if p.is_dir():
        import pyarrow.dataset as ds
        files = sorted(ds.dataset(path, format="parquet").files)
    elif any(ch in path for ch in "*?["):
        files = sorted(glob.glob(path))
    else:
        files = [path] if p.exists() else []
    if not files:
        raise InputError(f"{path}: no such file" if not p.is_dir() else
                         f"{path}: the folder holds no Parquet file")
    return files


def _named(df, file: str, first: int):
    """`df` with its rows named by their data row in `file`, from `first`."""
    import pandas as pd
    df.index = pd.Index([f"{first + k} of {file}" for k in range(len(df))], dtype=object)
    return df


def _row_group(piece, names: dict):
    import pyarrow.parquet as pq
    file, group, first = piece
    df = pq.ParquetFile(file).read_row_group(group).to_pandas()
    return _named(df.rename(columns=names) if names else df, file, first)


def _text_file(file, names: dict, delimiter: str, text: dict, jsonl: bool, nrows=None):
    import pandas as pd
    df = pd.read_json(file, lines=True, dtype=text, nrows=nrows) if jsonl else \
        pd.read_csv(file, sep=delimiter, dtype=text, nrows=nrows)
    return _named(df.rename(columns=names) if names else df, file, 1)


def read_dask_files(path: str, columns: dict, delimiter: str = ",",
                    id_columns=("order_id", "parcel_id", "consumer_id")):
    """A dask DataFrame from a Parquet file or folder, or CSV / JSON Lines files (globs): one
    partition a row group or a text file, each row named by its file and data row; ids of CSV
    and JSON Lines files as text, as the local command reads them."""
    import dask.dataframe as dd
    files = _files(path)
    if all(Path(f).suffix.lower() in PARQUET for f in files) or Path(path).is_dir():
        import pyarrow.parquet as pq
        pieces = []
        for f in files:
            meta = pq.ParquetFile(f).metadata
            first = 1
            for g in range(meta.num_row_groups):
                pieces.append((f, g, first))
                first += meta.row_group(g).num_rows
        if not pieces:
            raise InputError(f"{path}: no rows")
        empty = pq.read_schema(files[0]).empty_table().to_pandas()
        meta = _named(empty.rename(columns=columns) if columns else empty, files[0], 1)
        # (from_map takes `columns` for a projection of its own: the mapping is `names`.)
        return dd.from_map(_row_group, pieces, names=columns, meta=meta,
                           label="read-rows", enforce_metadata=False)
    inverse = {ours: theirs for theirs, ours in columns.items()}
    text = {inverse.get(c, c): str for c in id_columns}
    jsonl = Path(files[0]).suffix.lower() in (".jsonl", ".ndjson")
    meta = _text_file(files[0], columns, delimiter, text, jsonl, nrows=1000).iloc[:0]
    return dd.from_map(_text_file, files, names=columns, delimiter=delimiter, text=text,
                       jsonl=jsonl, meta=meta, label="read-rows", enforce_metadata=False)


def _row_of(label) -> tuple:
    """A row's name as (file, data row): "1501 of orders/part2.parquet"."""
    row, _, file = str(label).partition(" of ")
    return (file, int(row)) if row.isdigit() else (str(label), 0)


def _first(messages) -> str:
    """The message naming the earliest row (by file, then row); one naming none last."""
    def where(m: str):
        if not m.startswith("row "):
            return (1, "", 0)
        return (0, *_row_of(m[4:].split(": ", 1)[0]))
    return min(messages, key=where)


def left_out(client, rows, table, source: str, rejects):
    """The orders that a bad row, or the core's own limits, left out (status "error") of the
    packed `table`, read from the dask DataFrame `rows`: with no rejects file the run stops,
    its one line naming the earliest bad row; with one, their rows go to it with the reason
    and the table keeps the others. Returns the table and (orders, rows) left out."""
    bad = client.compute(table[table["status"] == "error"][["order_id", "message"]],
                         sync=True)
    if not len(bad):
        return table, (0, 0)
    if rejects is None:
        first = _first([str(m) for m in bad["message"]])
        raise InputError(first if first.startswith("row ") else f"{source}: {first}")
    why = dict(zip(bad["order_id"].tolist(), bad["message"].astype(str).tolist()))
    df = client.compute(rows[rows["order_id"].isin(list(why))], sync=True)
    names = [_row_of(label) for label in df.index]
    reasons = []
    for label, order in zip(df.index, df["order_id"].tolist()):
        said = why[order]
        reasons.append(said.split(": ", 1)[1] if said.startswith(f"row {label}: ") else
                       "another row of this order is bad" if said.startswith("row ") else said)
    df = df.reset_index(drop=True)
    df.insert(0, "source_row", [r for _, r in names])
    df.insert(0, "source_file", [f for f, _ in names])
    df["reason"] = reasons
    rejects.write(df.sort_values(["source_file", "source_row"], kind="stable"))
    return table[table["status"] != "error"], (len(why), len(df))
