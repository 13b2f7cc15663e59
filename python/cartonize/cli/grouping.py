"""Rows of one order together, whatever the row order of the file, in bounded memory.

Most exports are sorted by order line, not by order. The command line first reads the id
column alone and checks that each id's rows are adjacent (``Source.check_ids``: a hash per run
of equal ids, costing a small share of the packing). When they are not, the file is copied
into a temporary Parquet file with each row's number, and DuckDB (out of core: it spills to
the temporary folder past its memory limit) writes it back ordered by the first row of each
id, then by row, so orders come out in order of first appearance, each row keeping its number
for messages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .files import ROW, InputError, Source, _need

MEMORY_LIMIT = "256MB"


def temp_folder() -> str | None:
    """The folder for the sort's temporary files: $CARTONIZE_TMP when set (it must exist and
    be writable), else the system's."""
    folder = os.environ.get("CARTONIZE_TMP") or None
    if folder is not None:
        if not os.path.isdir(folder):
            raise InputError(f"CARTONIZE_TMP: the folder {folder!r} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"CARTONIZE_TMP: the folder {folder!r} is not writable")
    return folder


def grouped_blocks(source: Source, key: str, rows: int, threads: int | None = None):
    """Blocks of `source` (pyarrow Tables with ROW) whose rows are grouped by `key`: the file
    as it is when already grouped, else sorted out of core. A generator: the temporary files
    go when it is closed."""
    if source.check_ids(key):
        yield from source.batches(rows)
        return
    try:
        import duckdb
    except ImportError:
        raise ImportError("No module named 'duckdb'", name="duckdb") from None
    pq = _need("pyarrow.parquet")
    with tempfile.TemporaryDirectory(prefix="cartonize-sort-", dir=temp_folder()) as tmp:
        lines, ordered = Path(tmp) / "lines.parquet", Path(tmp) / "grouped.parquet"
        writer = None
        try:
            for t in source.batches(rows):
                if writer is None:
                    writer = pq.ParquetWriter(lines, t.schema)
                writer.write_table(t.cast(writer.schema) if t.schema != writer.schema else t)
        finally:
            if writer is not None:
                writer.close()
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": tmp,
                                     "preserve_insertion_order": False,
                                     **({"threads": threads} if threads else {})})
        k = '"' + key.replace('"', '""') + '"'
        path = str(lines).replace("'", "''")
        try:
            con.execute(f"""
                COPY (
                    SELECT t.* FROM read_parquet('{path}') t
                    JOIN (SELECT {k} AS __key, min({ROW}) AS __first
                          FROM read_parquet('{path}') GROUP BY {k}) f ON t.{k} = f.__key
                    ORDER BY f.__first, t.{ROW}
                ) TO '{str(ordered).replace("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 65536)
            """)
        except duckdb.InterruptException:
            raise KeyboardInterrupt from None  # Ctrl-C during the sort: an interruption
        except RuntimeError as e:  # (DuckDB 2 says "Query interrupted" so)
            if "interrupted" in str(e).lower():
                raise KeyboardInterrupt from None
            raise
        except duckdb.Error as e:
            raise InputError(f"{source.path}: cannot group the rows by {key}: "
                             f"{str(e).splitlines()[0]}") from None
        finally:
            con.close()
        os.unlink(lines)
        for batch in pq.ParquetFile(ordered).iter_batches(batch_size=rows):
            yield _need("pyarrow").Table.from_batches([batch])
