"""cartonize.dask.to_parquet: a table of pack_many on Dask (or any dask DataFrame of tuple
cells), written to a folder of Parquet files. Parquet has no type for a column of Python tuples (box_ids,
box_sizes, services, gross_weight), and dask's own ``to_parquet`` infers the schema from the
table's empty meta, where such a column has none: it fails ("did not recognize Python value
type"). Here each tuple becomes a list (a size, itself a tuple, its "LxWxH" text), and the
schema is read from the first partition that has rows (which is then computed twice)."""

from __future__ import annotations


def _as_lists(df):
    """`df` with each tuple cell as a list (a tuple within it, a size, as "LxWxH")."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype != object or not len(col):
            continue
        first = next((v for v in col if v is not None), None)
        if isinstance(first, tuple):
            out[c] = [None if v is None else
                      ["x".join(map(str, x)) if isinstance(x, tuple) else x for x in v]
                      for v in col]
    return out


def to_parquet(table, path, **kwargs) -> None:
    """Write `table` (cartonize.dask.pack_many's) to the Parquet folder `path`, as
    ``table.to_parquet(path, **kwargs)`` does, each tuple column as a list column (a size,
    "LxWxH"); the first partition with rows is computed twice, once for the schema."""
    write(table.map_partitions(_as_lists, meta=_as_lists(table._meta)), path, **kwargs)


def write(ddf, path, **kwargs) -> None:
    """``ddf.to_parquet(path, **kwargs)`` (no index), the schema read from the first
    partition with rows: object columns have no type until a partition is computed."""
    import pyarrow as pa
    sample = None
    for k in range(ddf.npartitions):
        sample = ddf.get_partition(k).compute()
        if len(sample):
            break
    kwargs.setdefault("write_index", False)
    if sample is not None:  # (every partition empty: the types of an empty one)
        kwargs.setdefault("schema", pa.Schema.from_pandas(sample, preserve_index=False))
    ddf.to_parquet(path, **kwargs)
