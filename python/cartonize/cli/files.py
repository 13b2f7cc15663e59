"""Files in for the command line: orders, parcels and boxes as CSV, Parquet or JSON Lines.

Every command reads its files the same way (:class:`Source`): the format by the file's ending,
``--columns`` to map names, ``--delimiter`` for CSV, and data rows numbered from 1 in every
message. Id columns (order_id, parcel_id, consumer_id, box id) are read as text from CSV and
JSON Lines, so ``00123`` stays ``00123``, and keep their type from Parquet. Other CSV cells
are read as text and converted to numbers by the command (convert.py), which names the row,
column and value of a cell that is not a number. Large files are read in blocks, so memory
stays flat.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .._tables import unread_columns, unread_said
from .diagnose import bad_csv_row, bad_json_line, bad_utf8_line

FORMATS = {".csv": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}
ROW = "__row"  # the data row number (from 1) every block carries


def unread_text(unread) -> str:
    """What is said of columns not read that look like ones read ([(name, guess)])."""
    return (f"{unread_said(unread)}: {columns_option({g: n for n, g in unread})} reads them; "
            "--columns note=NAME leaves one unread")


def columns_option(mapping: dict) -> str:
    """--columns reading the file's columns as ours ({ours: theirs}), quoted for a shell where
    a name needs it ("Order ID")."""
    import shlex
    return "--columns " + shlex.quote(",".join(f"{k}={v}" for k, v in mapping.items()))


class InputError(ValueError):
    """A problem with an input file or option, worded for the command line."""


def table_format(path: str, context: str) -> str:
    """"csv", "parquet" or "jsonl" by the file's ending; InputError naming the others."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        what = "it is a folder; give a file ending in" if Path(path).is_dir() else \
            f"unknown ending {suffix or '(none)'!r}; use"
        raise InputError(f"{context}: {what} one of {', '.join(FORMATS)}")
    return FORMATS[suffix]


JSON_HEAD = 10_000  # lines of a JSON Lines file whose keys are its columns
ID_COLUMNS = ("order_id", "parcel_id", "consumer_id", "id", "item_id")


def _ends_a_line(data: bytes) -> bool:  # LF, CRLF or (an old Mac's) CR alone
    return b"\n" in data or b"\r" in data


def parse_columns(spec: str | None) -> dict:
    """'height=depth,length=len_mm' -> {'depth': 'height', 'len_mm': 'length'}."""
    out = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, _, theirs = map(str.strip, part.partition("="))
        if not theirs or not ours:
            raise InputError(f"--columns: {part!r} is not of the form ours=theirs")
        if theirs in out:  # the first mapping was dropped without a word
            raise InputError(f"--columns: {theirs!r} is read as both {out[theirs]} and {ours}: "
                             "one column, one name")
        out[theirs] = ours
    return out


SEPARATOR_NAMES = {";": "semicolon", "\t": "tab", "|": "pipe", ",": "comma"}  # --delimiter's

# Column names of every file the command read (program.main empties it): check_columns_read.
SEEN_COLUMNS: set = set()


def check_columns_read(spec: str | None) -> None:
    """One line for a --columns entry naming a column no file the command read has: it was
    left unread without a word (a typo, height=heigth_mm, read the file's own height)."""
    for theirs, ours in parse_columns(spec).items():
        if theirs not in SEEN_COLUMNS:
            raise InputError(f"--columns: {ours}={theirs}: no file read has a column {theirs!r}")


def parse_delimiter(text: str | None) -> str | None:
    """--delimiter's character; None where it is not given: each file's by its ending."""
    d = None if text is None else {v: k for k, v in SEPARATOR_NAMES.items()}.get(
        text, "\t" if text == "\\t" else text)
    if d is not None and len(d) != 1:
        raise InputError(f"--delimiter: {text!r} must be one character (or tab, semicolon)")
    return d


def delimiter_for(path: str, delimiter: str | None) -> str:
    """A CSV file's separator: --delimiter's where given, else a tab for .tsv, a comma else."""
    return delimiter or ("\t" if Path(path).suffix.lower() == ".tsv" else ",")


def _need(module: str):
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"No module named {module!r}", name=module.split(".")[0]) from None


class Source:
    """One input file of a command: what it holds (`what`, for messages), its format, the
    column map, the CSV delimiter."""

    def __init__(self, path: str, what: str, columns: dict | None = None,
                 delimiter: str | None = None):
        self.path, self.what = str(path), what
        self.columns = dict(columns or {})
        self.delimiter = delimiter_for(path, delimiter)
        self.given_delimiter = delimiter is not None  # (else by its ending)
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a folder; give a file (folders of Parquet files are "
                             "read with --scheduler)")
        regular_file(path)
        self.fmt = table_format(path, f"{path}: cannot read {what}")
        self.reads = ()  # the columns the command reads (require's), for late JSON keys

    def fail(self, message: str) -> InputError:
        return InputError(f"{self.path}: {message}")

    def _cannot_read(self, e: Exception) -> InputError:
        text = str(e).strip().splitlines()
        if self.fmt != "parquet" and (isinstance(e, UnicodeDecodeError)
                                      or "utf8" in str(e).lower().replace("-", "")):
            bad = bad_utf8_line(self)
            if bad is not None:
                return bad
        if self.fmt == "csv" and "CSV parse error" in str(e):
            bad = bad_csv_row(self)
            if bad is not None:
                return bad
        return self.fail(f"cannot read {self.what}: {text[0] if text else type(e).__name__}")

    def count_rows(self) -> int | None:
        """Data rows, cheaply (Parquet metadata, or newlines), for progress bars."""
        try:
            if self.fmt == "parquet":
                pq = _need("pyarrow.parquet")
                return pq.ParquetFile(self.path).metadata.num_rows
            n = cr = 0
            with open(self.path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    n += block.count(b"\n")
                    cr += block.count(b"\r")
            n = n or cr  # lines ended by CR alone (an old Mac's)
            return max(0, n - (1 if self.fmt == "csv" else 0))
        except (InputError, ImportError):
            raise
        except Exception as e:
            raise self._cannot_read(e) from None

    # -- the header ------------------------------------------------------------------------
    def source_names(self) -> list:
        """The file's own column names. One with spaces around it (" order_id ", as a
        spreadsheet may write it) is read as the name within, unless the file has that name
        too (--columns can name neither: it trims what it is given)."""
        names = self._header()
        SEEN_COLUMNS.update(str(n).strip() for n in names)
        for n in names:
            inner = str(n).strip()
            if inner != n and n not in self.columns and inner not in names:
                self.columns[n] = self.columns.get(inner, inner)
        return names

    def _header(self) -> list:
        try:
            if self.fmt == "parquet":
                pq = _need("pyarrow.parquet")
                return list(pq.ParquetFile(self.path).schema_arrow.names)
            if self.fmt == "csv":
                with open(self.path, newline="", encoding="utf-8-sig") as f:
                    return next(csv.reader(f, delimiter=self.delimiter), [])
            # The keys of the first JSON_HEAD lines, each where it first appears: a key first
            # given later is refused by name as its block is read (batches).
            first = next(self._json_chunks(JSON_HEAD), None)
            return [] if first is None else [str(c) for c in first.columns]
        except (InputError, ImportError):
            raise
        except Exception as e:
            raise self._cannot_read(e) from None

    def names(self) -> list:
        """The column names after --columns."""
        return [self.columns.get(n, n) for n in self.source_names()]

    def require(self, required, hint: str = "map yours with --columns", known=()) -> list:
        """The column names after --columns, with every `required` one there; with `known`
        (the columns read), none that looks like a known one misspelt ("wieght", "qty")."""
        self.reads = tuple(known) + tuple(required)
        names = self.names()
        missing = [c for c in required if c not in names]
        if missing:
            # Columns that look like missing ones (and like others read) are named in the hint,
            # one for each: --columns height=depth
            likely = {}
            for name, guess in unread_columns(names, tuple(known) + tuple(required)):
                likely.setdefault(guess, name)
            if likely:
                hint = f"{columns_option(likely)} reads yours"
            seps = [d for d in (";", ",", "\t", "|") if len(names) == 1 and d in str(names[0])
                    and d != self.delimiter]
            if seps:  # the whole header read as one name: another separator
                hint = (f"the header reads as one column: it is separated by {seps[0]!r}, "
                        "and --delimiter is for every file a command reads: give them one"
                        if seps[0] == "," and self.given_delimiter else
                        f"the header reads as one column: is the file separated by "
                        f"{seps[0]!r}? --delimiter {SEPARATOR_NAMES[seps[0]]}")
            raise self.fail(f"missing column(s) {', '.join(missing)} (columns: "
                            f"{', '.join(map(str, names)) or 'none'}; {hint})")
        unread = unread_columns(names, known)
        if unread:
            raise self.fail(unread_text(unread))
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise self.fail(f"column(s) {', '.join(dup)} appear twice (after --columns)")
        if ROW in names:
            raise self.fail(f"the column name {ROW} is the command's own (each row's number): "
                            f"read it under another name, e.g. --columns note={ROW}")
        return names

    # -- blocks ----------------------------------------------------------------------------
    def _json_chunks(self, rows: int):
        pd = _need("pandas")
        try:
            reader = pd.read_json(self.path, lines=True, chunksize=rows, dtype=False)
            yield from reader
        except (InputError, ImportError):
            raise
        except Exception as e:
            raise bad_json_line(self) or self._cannot_read(e) from None

    def batches(self, rows: int = 500_000, only=None):
        """pyarrow Tables of about `rows` rows, columns renamed, plus ROW. `only`: the (our)
        names of the columns to read."""
        pa = _need("pyarrow")
        inverse = {ours: theirs for theirs, ours in self.columns.items()}
        start = 1
        try:
            if self.fmt == "parquet":
                pq = _need("pyarrow.parquet")
                cols = None if only is None else [inverse.get(c, c) for c in only]
                blocks = (pa.Table.from_batches([b]) for b in
                          pq.ParquetFile(self.path).iter_batches(batch_size=rows, columns=cols))
            elif self.fmt == "csv":
                blocks = self._csv_blocks(rows, only, inverse)
            else:
                blocks = self._json_blocks(rows)
            for t in blocks:
                t = t.rename_columns([self.columns.get(n, n) for n in t.column_names])
                t, bad = _decoded(t)
                if bad is not None:
                    name, k, value = bad
                    raise self.fail(f"row {start + k}: {name} = {value!r} is not UTF-8 text")
                t = t.append_column(ROW, pa.array(np.arange(start, start + t.num_rows,
                                                            dtype=np.int64)))
                start += t.num_rows
                yield t
        except (InputError, ImportError, KeyboardInterrupt):
            raise
        except Exception as e:
            raise self._cannot_read(e) from None

    def _csv_blocks(self, rows: int, only, inverse):
        pa = _need("pyarrow")
        pcsv = _need("pyarrow.csv")
        names = self.source_names()
        if not names:
            return
        keep = names if only is None else [inverse.get(c, c) for c in only]
        # Every cell as text: the command converts numbers and names the cell it cannot.
        types = {n: pa.string() for n in names}
        with open(self.path, "rb") as f:
            if not _ends_a_line(f.read(1 << 16).rstrip(b"\r\n")):
                f.seek(0)
                if not _ends_a_line(f.read().rstrip(b"\r\n")):
                    return  # a header alone, with or without its line's end: no rows
            f.seek(0)  # a quoted cell may hold a line's end: the reader must be told
            quoted = any(b'"' in block for block in iter(lambda: f.read(1 << 22), b""))
        reader = pcsv.open_csv(
            self.path,
            read_options=pcsv.ReadOptions(block_size=max(1 << 16, rows * 48), use_threads=True),
            parse_options=pcsv.ParseOptions(delimiter=self.delimiter,
                                            newlines_in_values=quoted),
            convert_options=pcsv.ConvertOptions(column_types=types, include_columns=keep,
                                                strings_can_be_null=False,
                                                quoted_strings_can_be_null=False))
        for batch in reader:
            if batch.num_rows:
                yield pa.Table.from_batches([batch])

    def _json_blocks(self, rows: int):
        """The JSON Lines file in blocks, each with the columns of its first lines in their
        order (a key a line leaves out is blank there)."""
        names, start = self.source_names(), 1
        for df in self._json_chunks(rows):
            # A key first given here that the command reads (or that looks like one) would be
            # read from here on only: refused. Others are left unread, as in the first lines.
            late = [str(c) for c in df.columns if str(c) not in names and
                    (self.columns.get(str(c), str(c)) in self.reads or
                     unread_columns([self.columns.get(str(c), str(c))], self.reads))
                    and df[c].notna().any()]
            if late:
                k = int(df[late[0]].notna().to_numpy().argmax())
                raise self.fail(f"row {start + k}: key {late[0]!r} is on none of the first "
                                f"{JSON_HEAD:,} rows: give it on the first (null where a row "
                                "has no value)")
            inverse = {ours: theirs for theirs, ours in self.columns.items()}
            for c in (inverse.get(ours, ours) for ours in ID_COLUMNS):
                # Ids past 2**53 beside fractional ones are read as floats: two orders merged.
                col = df[c] if c in df.columns and df[c].dtype.kind == "f" else None
                big = [] if col is None else np.flatnonzero(np.abs(col.to_numpy()) >= 2**53)
                if len(big):
                    raise self.fail(f"line {start + int(big[0])}: {c} = {col.iloc[big[0]]:.17g} "
                                    "is read as a float beside fractional ids, and ids that "
                                    "large lose digits: give ids as text (in quotes)")
            start += len(df)
            yield self._json_table(df.reindex(columns=names))

    @staticmethod
    def _json_table(df):
        """A JSON Lines block with its cells as text (None for missing), so that every block
        has the same column types whatever the values of this block."""
        pa = _need("pyarrow")
        cols = {}
        for c in df.columns:
            v = df[c].to_numpy(dtype=object)
            cols[str(c)] = pa.array([None if x is None or (isinstance(x, float) and x != x)
                                     else _text(x) for x in v], type=pa.string())
        return pa.table(cols)

    def empty_block(self):
        """A block of no rows with the file's columns (as text) and ROW: what a file holding
        only a header gives, so that its outputs still have their columns."""
        pa = _need("pyarrow")
        return pa.table({**{n: pa.array([], pa.string()) for n in self.names()},
                         ROW: pa.array([], pa.int64())})

    def read(self, only=None):
        """The whole file as one pandas DataFrame (ids as text from CSV and JSON Lines)."""
        pa = _need("pyarrow")
        tables = list(self.batches(only=only))
        if not tables:
            pd = _need("pandas")
            names = self.names() if only is None else list(only)
            return pd.DataFrame({n: pd.Series([], dtype=object) for n in names + [ROW]})
        return pa.concat_tables(tables, promote_options="permissive").to_pandas(
            types_mapper=None, strings_to_categorical=False)

    # -- grouping --------------------------------------------------------------------------
    def check_id_type(self, arrow_type, key: str) -> None:
        """An InputError where the id column `key` holds lists or structs, not ids."""
        pa = _need("pyarrow")
        inner = arrow_type.value_type if pa.types.is_dictionary(arrow_type) else arrow_type
        if pa.types.is_nested(inner):
            raise self.fail(f"{key} holds {arrow_type} cells, not ids (text or a number)")

    def check_ids(self, key: str, rows: int = 1 << 20) -> bool:
        """Whether the rows of each `key` value are adjacent (an InputError names the first
        row whose id is blank). Reads the key column alone; keeps one hash per run of equal
        ids."""
        pd = _need("pandas")
        pa = _need("pyarrow")
        pc = _need("pyarrow.compute")
        heads, last = [], None
        for t in self.batches(rows, only=[key]):
            col = t.column(key).combine_chunks()
            if not len(col):
                continue
            self.check_id_type(col.type, key)
            blank = pc.is_null(col)  # (or_kleene: a null cell is blank, not unknown)
            if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
                blank = pc.or_kleene(blank, pc.equal(pc.utf8_trim_whitespace(col), ""))
            elif pa.types.is_floating(col.type):
                blank = pc.or_kleene(blank, pc.is_nan(col))
            if pc.any(blank).as_py():
                r = t.column(ROW)[pc.index(blank, True).as_py()].as_py()
                raise self.fail(f"row {r}: {key} is blank; every row needs one")
            change = pc.not_equal(col[1:], col[:-1]).to_numpy(zero_copy_only=False)
            first = col[0].as_py()
            start = np.concatenate([[last is None or first != last], change])
            head_values = col.filter(pa.array(start)).to_numpy(zero_copy_only=False)
            heads.append(pd.util.hash_array(np.asarray(head_values, dtype=object)))
            last = col[-1].as_py()
        if not heads:
            return True
        h = np.concatenate(heads)
        return len(np.unique(h)) == len(h)


def _decoded(t):
    """(The table with its dictionary-encoded columns (a pandas Categorical saved to Parquet)
    as plain columns of their values, as every other reader gives them, and its binary and
    view columns as text; None) or, when a binary cell is not UTF-8, (None, (column, its
    row in the table, the bytes))."""
    pa = _need("pyarrow")
    for i, field in enumerate(t.schema):
        if pa.types.is_dictionary(field.type):
            col = t.column(i)
            t = t.set_column(i, field.name, pa.chunked_array(
                [c.dictionary_decode() for c in col.chunks], type=field.type.value_type))
    for i, field in enumerate(t.schema):  # (views, of Arrow 16: the filters take none)
        if pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type) or \
                str(field.type) in ("string_view", "binary_view"):
            try:
                t = t.set_column(i, field.name, t.column(i).cast(pa.string()))
            except (pa.ArrowInvalid, UnicodeDecodeError):
                for k, v in enumerate(t.column(i).to_pylist()):
                    try:
                        v is None or v.decode("utf-8")
                    except UnicodeDecodeError:
                        return None, (field.name, k, v)
                raise
    return t, None


def _text(x) -> str:
    """A JSON cell as text, as the file wrote it where Python's spelling differs (true, not
    True; {"a": 1}, not {'a': 1}): a message that quotes it quotes the file."""
    import json
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return repr(x)
    if type(x).__name__ in ("bool", "bool_"):
        return "true" if x else "false"
    if isinstance(x, (dict, list)):
        return json.dumps(x)
    return str(x)


def regular_file(path: str) -> None:
    """An InputError for an input that is a pipe (it hung), a device (/dev/zero: memory
    without end) or a socket."""
    if Path(path).exists() and not Path(path).is_file():
        raise InputError(f"{path}: is not a regular file (a device, a pipe or a socket): give "
                         "a file")
