"""Files in for the command line's --scheduler runs, with each row's name in them.

A dask DataFrame read here has a partition for each run of a Parquet file's row groups (of
about ROWS rows), or for each CSV or JSON Lines file, and its index names every row by its
file and data row (from 1): "1501 of orders/part2.parquet". That name survives the shuffle
that brings an order's rows together, and the library's messages name a row by its index
label, so a bad cell on the cluster is named as the local run names it. A folder is read as
Dask reads one (its .parquet, .pq and .parq files, hidden and _-prefixed ones left out, hive
subfolders' keys as columns); the workers open the files by their absolute paths (a worker's
working folder is not this one's). ``left_out`` then does what ``--on-error`` asks of the
orders that had a bad row: stop the run in one line, or leave them out and write their rows
to the rejects file.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from .files import InputError, delimiter_for

PARQUET = (".parquet", ".pq", ".parq")
JSONL = (".jsonl", ".ndjson")
ROWS = 1 << 20  # row groups are read together up to about this many rows a partition


def is_glob(path: str) -> bool:
    """Whether `path` is a pattern: it has *, ? or [ and names no file as it is (a file
    called "orders[1].csv" is read as itself)."""
    return any(ch in path for ch in "*?[") and not os.path.exists(path)


def _files(path: str) -> list:
    """The files `path` names, in order: a Parquet folder's (recursively, as Dask reads
    one), a glob's matches, or the file; one ending, which says how to read them."""
    p = Path(path)
    if p.is_dir():
        files = sorted(str(Path(root, f)) for root, dirs, names in os.walk(path)
                       for f in names if f.lower().endswith(PARQUET)
                       and not any(part.startswith((".", "_"))
                                   for part in Path(root, f).relative_to(p).parts))
        if not files:
            raise InputError(f"{path}: the folder holds no Parquet file (.parquet, .pq)")
        return files
    files = sorted(glob.glob(path)) if is_glob(path) else [path] if p.exists() else []
    if not files:
        raise InputError(f"{path}: no such file")
    kinds = {_kind(f) for f in files}
    if len(kinds) > 1:
        raise InputError(f"{path}: the files it names are of several kinds ("
                         f"{', '.join(sorted(kinds))}): give files of one")
    return files


def _kind(file: str) -> str:
    ending = Path(file).suffix.lower()
    return "Parquet" if ending in PARQUET else "JSON Lines" if ending in JSONL else "CSV"


def _named(df, file: str, first: int):
    """`df` with its rows named by their data row in `file`, from `first`."""
    import pandas as pd
    df.index = pd.Index([f"{first + k} of {file}" for k in range(len(df))], dtype=object)
    return df


def _checked(df, file: str, names: dict, wanted: list):
    """`df` read from `file`, its columns renamed; a file whose columns differ from the
    first file's is named (Dask said "the columns in the computed data do not match")."""
    df = df.rename(columns=names) if names else df
    if list(df.columns) != wanted:
        raise ValueError(f"{file}: its columns ({', '.join(map(str, df.columns))}) are not "
                         f"the first file's ({', '.join(map(str, wanted))})")
    return df


def _row_groups(piece, names: dict, wanted: list):
    """A run of row groups of one Parquet file (with its hive keys as columns, typed as
    the folder's schema types them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    path, shown, groups, first, keys, schema = piece
    try:
        table = pq.ParquetFile(path).read_row_groups(groups)
    except (OSError, pa.ArrowException) as e:
        raise ValueError(f"{shown}: cannot read it as Parquet ({e})") from None
    for k, v in keys.items():
        if k not in table.column_names:
            table = table.append_column(k, pa.array([v] * table.num_rows,
                                                    type=schema.field(k).type))
    return _named(_checked(table.to_pandas(), shown, names, wanted), shown, first)


def _text_file(piece, names: dict, wanted, delimiter: str | None, text: dict, nrows=None):
    """A CSV or JSON Lines file read as the local command reads it: ids as text, only an
    empty cell missing ("NA" and "null" are text, as the local reader keeps them)."""
    import pandas as pd
    path, shown = piece
    try:
        if Path(path).suffix.lower() in JSONL:
            df = pd.read_json(path, lines=True, dtype=text, nrows=nrows)
        else:
            df = pd.read_csv(path, sep=delimiter_for(path, delimiter), dtype=text,
                             nrows=nrows, keep_default_na=False, na_values=[""])
    except (OSError, ValueError, UnicodeDecodeError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ValueError(f"{shown}: cannot read it as {_kind(path)} ({reason})") from None
    return _named(_checked(df, shown, names, wanted) if wanted is not None else
                  (df.rename(columns=names) if names else df), shown, 1)


def _parquet_pieces(path: str, files: list) -> tuple:
    """Runs of row groups, each (path, its name as given, groups, first row, hive keys,
    the folder's schema), and the schema."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
    folder = Path(path).is_dir()
    full = [os.path.abspath(f) for f in files]
    data = ds.dataset(full, format="parquet", partitioning="hive" if folder else None,
                      partition_base_dir=os.path.abspath(path) if folder else None)
    pieces = []
    fragments = {os.path.normpath(fr.path): fr for fr in data.get_fragments()}
    for f, shown in zip(full, files):
        keys = ds.get_partition_keys(fragments[os.path.normpath(f)].partition_expression) \
            if folder else {}
        try:
            meta = pq.ParquetFile(f).metadata
        except (OSError, ValueError) as e:
            raise InputError(f"{shown}: cannot read it as Parquet ({e})") from None
        first, run, rows = 1, [], 0
        for g in range(meta.num_row_groups):
            run.append(g)
            rows += meta.row_group(g).num_rows
            if rows >= ROWS or g == meta.num_row_groups - 1:
                pieces.append((f, shown, run, first, keys, data.schema))
                first, run, rows = first + rows, [], 0
    return pieces, data.schema


def read_dask_files(path: str, columns: dict, delimiter: str | None = None,
                    id_columns=("order_id", "parcel_id", "consumer_id")):
    """A dask DataFrame from a Parquet file or folder, or CSV / JSON Lines files (globs),
    each row named by its file and data row; ids of CSV and JSON Lines files as text, as the
    local command reads them. ``columns`` maps the files' names to ours."""
    import dask.dataframe as dd
    files = _files(path)
    if _kind(files[0]) == "Parquet":
        try:
            pieces, schema = _parquet_pieces(path, files)
        except InputError:
            raise
        except (OSError, ValueError) as e:
            raise InputError(f"{path}: cannot read it as Parquet ({e})") from None
        if not pieces:
            raise InputError(f"{path}: no rows")
        empty = schema.empty_table().to_pandas()
        meta = _named(empty.rename(columns=columns) if columns else empty, files[0], 1)
        # (from_map takes `columns` for a projection of its own: the mapping is `names`.)
        return dd.from_map(_row_groups, pieces, names=columns, wanted=list(meta.columns),
                           meta=meta, label="read-rows", enforce_metadata=False)
    # Every name a file may give an id column under, read as text.
    text = {c: str for c in id_columns}
    text.update({theirs: str for theirs, ours in columns.items() if ours in id_columns})
    pieces = [(os.path.abspath(f), f) for f in files]
    try:
        meta = _text_file(pieces[0], columns, None, delimiter, text, nrows=1000).iloc[:0]
    except ValueError as e:
        raise InputError(str(e)) from None
    return dd.from_map(_text_file, pieces, names=columns, wanted=list(meta.columns),
                       delimiter=delimiter, text=text, meta=meta, label="read-rows",
                       enforce_metadata=False)


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
    if rejects is not None:  # (its header, should no order be rejected)
        rejects.columns = ["source_file", "source_row", *rows.columns, "reason"]
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
