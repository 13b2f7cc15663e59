"""Files out, atomically: every output is written to a temporary file beside its target and
renamed over it only when the whole run succeeds. A failed or interrupted run leaves the
previous file as it was and no partial file behind.

Tables go out as CSV, Parquet or JSON Lines, by the file's ending; an unknown ending is an
error that lists the supported ones. Tuples (box ids, parcel ids) become "a|b" in CSV and
lists in Parquet and JSON Lines.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path

import numpy as np

from .files import InputError, delimiter_for, table_format

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def _real(path: str) -> str:
    """The file a path names: symlinks followed, relative to the working folder."""
    return os.path.realpath(os.path.expanduser(str(path)))


def _same(a: str, b: str) -> bool:
    if _real(a) == _real(b):
        return True
    try:  # hard links and other aliases of one existing file
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_paths(inputs: dict, outputs: dict) -> None:
    """Refuse, before any work, an output that names an input or another output: writing it
    would destroy the input, or one output would overwrite the other. `inputs` and `outputs`
    map an option's name (for the message) to its path (None: not given). Paths are compared
    as the files they name: resolved, symlinks followed."""
    seen = [(name, path) for name, path in inputs.items() if path]
    for name, path in outputs.items():
        if not path:
            continue
        for other, earlier in seen:
            if _same(path, earlier):
                kind = "the input" if other in inputs else "the output"
                raise InputError(f"{path}: {name} names the same file as {kind} {other} "
                                 f"({earlier}); give it a path of its own")
        seen.append((name, path))


def _check_target(path: str, what: str) -> Path:
    # A symlinked output keeps its link: the file it points to is what is replaced.
    p = Path(_real(path)) if os.path.islink(path) else Path(path)
    if p.is_dir():
        raise InputError(f"{path}: cannot write {what}: it is a folder")
    if p.exists() and not p.is_file():  # renamed over, /dev/null would be a file
        raise InputError(f"{path}: cannot write {what}: it is not a regular file (a device, "
                         "a pipe or a socket)")
    # A file made read-only is kept (renamed over, it was replaced silently, even by root).
    if p.is_file() and not os.stat(p).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{path}: cannot write {what}: the file is read-only (make it "
                         "writable to replace it)")
    _check_parent(p, path, what)
    return p


def _check_parent(p: Path, path: str, what: str) -> None:
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{path}: cannot write {what}: the folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(f"{path}: cannot write {what}: the folder is not writable")
    try:  # a folder no file can be made in, whatever its mode says (/proc, a read-only mount)
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as e:
        raise InputError(f"{path}: cannot write {what}: the folder takes no file "
                         f"({e.strerror or type(e).__name__})") from None


def check_parquet_folder(path: str, what: str = "the results") -> None:
    """Refuse, before any work, an output of a --scheduler run that is not a folder it can
    write: a folder of Parquet files (one per partition), which parquet_folder replaces."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".tsv", ".jsonl", ".ndjson", ".json") or p.is_file():
        raise InputError(f"{path}: with --scheduler, -o names a folder of Parquet files (one "
                         "per partition), not a file")
    _check_parent(p, path, what)


PROBE_SECONDS = 15.0  # for the scheduler's greeting, and to connect to it


def _probe(address: str) -> None:
    """A scheduler at a tcp:// address greets a connection at once; another server there (a
    web server waiting for its request) says nothing, and the client waited for ever."""
    import socket
    from urllib.parse import urlsplit
    if "://" in address and not address.startswith("tcp://"):
        return  # tls://, inproc://: the client's own checks
    where = urlsplit(address if "://" in address else f"tcp://{address}")
    if where.hostname is None or where.port is None:
        return
    said = f"--scheduler: cannot reach the Dask scheduler at {address}"
    try:
        s = socket.create_connection((where.hostname, where.port), timeout=PROBE_SECONDS)
    except OSError as e:
        raise InputError(f"{said} ({e.strerror or str(e) or type(e).__name__})") from None
    with s:
        s.settimeout(PROBE_SECONDS)
        try:
            greeted = bool(s.recv(1))
        except OSError:
            greeted = False
    if not greeted:
        raise InputError(f"{said} (what answers there is not a Dask scheduler: it said "
                         f"nothing in {PROBE_SECONDS:g} s)")


def scheduler_client(address: str):
    """A dask.distributed Client of the scheduler at `address`; one line when it cannot be
    reached (it was an "unexpected OSError" to report, after the connect timeout)."""
    from distributed import Client
    _probe(address)
    try:
        return Client(address, timeout=f"{PROBE_SECONDS:g}s")
    except (OSError, MemoryError, ValueError, TypeError) as e:  # TimeoutError included
        # (Another server on the port: its answer read as a message of exabytes, or none.)
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        if isinstance(e, (MemoryError, ValueError, TypeError)):
            reason = "it does not answer as a Dask scheduler does"
        raise InputError(f"--scheduler: cannot reach the Dask scheduler at {address} "
                         f"({reason})") from None


class AtomicFile:
    """A temporary file beside `path`; commit() renames it over `path`, abort() removes it."""

    def __init__(self, path: str, what: str = "the output"):
        self.path = _check_target(path, what)
        self.temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.done = False

    def commit(self) -> None:
        if not self.done:
            if not self.temp.exists():
                self.temp.touch()
            try:  # the file it replaces keeps its permissions (a private 600 stays private)
                os.chmod(self.temp, stat.S_IMODE(os.stat(self.path).st_mode))
            except FileNotFoundError:
                pass
            os.replace(self.temp, self.path)
            self.done = True

    def abort(self) -> None:
        if not self.done:
            self.done = True
            try:
                self.temp.unlink()
            except FileNotFoundError:
                pass


class TableOutput(AtomicFile):
    """Appends tables (pandas DataFrames) to one CSV, Parquet or JSON Lines file."""

    def __init__(self, path: str, what: str = "the output"):
        self.fmt = table_format(path, f"{path}: cannot write {what}")
        super().__init__(path, what)
        self.rows = 0
        self._parquet = None
        self._first = True
        self.columns = ()  # the header of a file nothing was written to (commit)

    def write(self, df) -> None:
        if self.fmt == "csv":
            import csv
            out = _flat(df, "csv")
            # A cell holding a carriage return is quoted (Python's writer quotes only the "\n"
            # it ends lines with: "A\rB" read back as two rows): then every text cell is.
            texts = out.select_dtypes(include=["object", "string"])
            cr = any(texts[c].astype(str).str.contains("\r", regex=False).any()
                     for c in texts.columns)
            out.to_csv(self.temp, mode="w" if self._first else "a", header=self._first,
                       index=False, sep=delimiter_for(self.path, None),
                       quoting=csv.QUOTE_NONNUMERIC if cr else csv.QUOTE_MINIMAL)
        elif self.fmt == "jsonl":
            with open(self.temp, "w" if self._first else "a") as f:
                if len(df):
                    text = _flat(df, "jsonl").to_json(orient="records", lines=True)
                    f.write(text.rstrip("\n") + "\n")
        else:
            import pyarrow.parquet as pq
            table = _arrow(df)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.temp, table.schema)
            elif table.schema != self._parquet.schema:
                table = table.cast(self._parquet.schema)
            self._parquet.write_table(table)
        self._first = False
        self.rows += len(df)

    def write_records(self, records) -> None:
        """JSON Lines only: one JSON object per record (dicts of plain values)."""
        with open(self.temp, "w" if self._first else "a") as f:
            for r in records:
                f.write(json.dumps(r, default=_plain))
                f.write("\n")
                self.rows += 1
        self._first = False

    def commit(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        elif self._first and self.fmt != "jsonl":  # nothing written: a header of `columns`
            import pandas as pd
            self.write(pd.DataFrame({c: pd.Series([], dtype=object) for c in self.columns}))
        super().commit()

    def abort(self) -> None:
        if self._parquet is not None:
            try:
                self._parquet.close()
            except Exception:  # already broken: the file is removed either way
                pass
            self._parquet = None
        super().abort()


def _plain(v):
    """A value JSON takes no other way: numpy's as Python's, a tuple or an array as a list,
    any other (an id of a Decimal, a date) as its text."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, tuple):
        return list(v)
    return str(v)


def _arrow(df):
    """A DataFrame as an Arrow table, tuple columns as lists of text (built from one flat
    array and offsets, not a Python list per row)."""
    import pyarrow as pa
    lists = {}
    for c in df.columns:
        col = df[c]
        if col.dtype == object and len(col) and isinstance(col.iloc[0], tuple):
            values = col.tolist()
            offsets = np.zeros(len(values) + 1, dtype=np.int32)
            np.cumsum(np.fromiter(map(len, values), dtype=np.int32, count=len(values)),
                      out=offsets[1:])
            flat = pa.array([cell_text(v) for v in itertools.chain.from_iterable(values)],
                            type=pa.string())  # missing: null, not "None"
            lists[c] = pa.ListArray.from_arrays(pa.array(offsets), flat)
    table = pa.Table.from_pandas(df.drop(columns=list(lists)), preserve_index=False)
    for c, arr in lists.items():
        table = table.add_column(list(df.columns).index(c), c, arr)
    return table


def _flat(df, fmt: str):
    """Tuple columns as text (CSV) or lists of text (Parquet, JSON Lines)."""
    out = None
    for c in df.columns:
        col = df[c]
        if col.dtype != object or not len(col):
            continue
        if not any(isinstance(v, tuple) for v in col.iloc[:1]):
            continue
        if out is None:
            out = df.copy()
        # A missing value (a lone unnamed service's name) is blank, not the word None.
        if fmt == "csv":
            # "|" goes between the values: one inside a value would split it in two.
            bad = next((x for v in col for x in v if "|" in (cell_text(x) or "")), None)
            if bad is not None:
                raise InputError(f"{c}: {bad!r} holds '|', which a CSV's {c} cell puts "
                                 "between values: write to .jsonl or .parquet instead")
            out[c] = ["|".join(cell_text(x) or "" for x in v) for v in col]
        else:
            out[c] = [[cell_text(x) for x in v] for v in col]
    return df if out is None else out


class Outputs:
    """Every output of a run: all are committed together at the end, or all aborted."""

    def __init__(self):
        self.files = []

    def add(self, f):
        self.files.append(f)
        return f

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            with _deferred_interrupt():  # all the renames, or none of them cut short
                try:
                    for f in self.files:
                        f.commit()
                        WRITTEN.append(str(f.path))
                except BaseException:
                    for f in self.files:
                        f.abort()
                    raise
        else:
            for f in self.files:
                f.abort()
        return False


# The outputs committed since the command started (cli.program.main clears it): what a Ctrl-C after
# them has not undone.
WRITTEN: list = []


@contextlib.contextmanager
def _deferred_interrupt():
    """Ctrl-C waits until the block is done, then raises KeyboardInterrupt (main thread only:
    elsewhere no signal handler runs anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    signals = (signal.SIGINT, signal.SIGTERM)  # (SIGTERM: the program's, as Ctrl-C)
    previous = [signal.signal(s, lambda *a: caught.append(1)) for s in signals]
    try:
        yield
    finally:
        for s, handler in zip(signals, previous):
            signal.signal(s, handler)
    if caught:
        raise KeyboardInterrupt


def picture_target(path: str, what: str = "the picture") -> AtomicFile:
    """An atomic file for a picture; its ending decides the format."""
    suffix = Path(path).suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        why = "it is a folder; give a file ending in" if Path(path).is_dir() else \
            f"unknown ending {suffix or '(none)'!r}; use"
        raise InputError(f"{path}: cannot write {what}: {why} one of "
                         f"{', '.join(PICTURE_SUFFIXES)}")
    f = AtomicFile(path, what)
    f.temp = f.temp.with_name(f.temp.name[:-4] + suffix)  # matplotlib picks the format by it
    return f


def parquet_folder(ddf, path: str) -> None:
    """A dask DataFrame to a Parquet folder, tuples as lists, the schema taken from real rows
    (object columns have no type until a partition is computed)."""
    import shutil

    from .._dask_parquet import write
    ddf = ddf.map_partitions(_lists, meta=_lists(ddf._meta))
    # Written beside it, then put in its place: a failed or interrupted run leaves an earlier
    # folder as it was, and a new run leaves none of an earlier run's parts behind.
    target = Path(path)
    temp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(temp, ignore_errors=True)
    try:
        write(ddf, str(temp))
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.is_dir():
        os.replace(target, old)
    os.replace(temp, target)
    shutil.rmtree(old, ignore_errors=True)


def _lists(df):
    """Tuples as lists of text (Parquet writes lists), each value as the local run writes
    it: a size as "LxWxH", a missing one as null."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and len(out) and isinstance(out[c].iloc[0], tuple):
            out[c] = [[cell_text(x) for x in v] for v in out[c]]
    return out


def length_text(v) -> str:
    """A length as the files write it: whole mm as they are, a unit other than mm (a float)
    to four decimals at most."""
    return f"{v:.4f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def cell_text(x):
    """One value of a list column as text: None stays None, a size (L, W, H) is "LxWxH"
    (length_text)."""
    if x is None:
        return None
    if isinstance(x, tuple):
        return "x".join(length_text(v) for v in x)
    return str(x)
