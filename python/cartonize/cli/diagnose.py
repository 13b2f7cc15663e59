"""Where a file that cannot be read goes wrong, named as a person finds it: the row of a CSV
file whose cells do not match its header, the line that is not UTF-8, the line of a JSON Lines
file that is not a JSON object (the readers' own errors give positions in blocks). Each takes
the files.Source and gives its InputError (a ValueError), or None."""

from __future__ import annotations

import csv
import json


def bad_csv_row(source) -> ValueError | None:
    """The first row of a CSV file whose number of cells is not the header's, named by its
    number (pyarrow's error quotes the row but gives no number), or None."""
    try:
        with open(source.path, newline="", encoding="utf-8-sig") as f:
            rows = (r for r in csv.reader(f, delimiter=source.delimiter) if r)  # as read:
            width = len(next(rows, []))  # blank lines are no rows
            for n, row in enumerate(rows, 1):
                if len(row) != width:
                    return source.fail(f"row {n} has {len(row)} cells where the header has "
                                       f"{width}")
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


def bad_utf8_line(source) -> ValueError | None:
    """The first line of a text file that is not UTF-8, named as a row (the decoder's error
    gives a byte position in a block), or None."""
    try:
        with open(source.path, "rb") as f:
            head = f.read(1 << 16)
            f.seek(0)
            # Lines ended by CR alone (an old Mac's) are split there, not read as one line.
            lines = f.read().split(b"\r") if b"\n" not in head and b"\r" in head else f
            row = 0  # CSV rows are counted as they are read: blank lines are none
            for n, line in enumerate(lines, 1):
                row += bool(line.strip())
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as u:
                    where = ("the header" if source.fmt == "csv" and row == 1 else
                             f"row {row - 1}" if source.fmt == "csv" else f"line {n}")
                    return source.fail(f"{where} is not UTF-8 text (byte "
                                       f"{line[u.start]:#04x} at character {u.start + 1})")
    except OSError:
        return None
    return None


def bad_json_line(source) -> ValueError | None:
    """The first line of a JSON Lines file that is not a JSON object, named by its number
    (pandas' error gives a position in its block of lines), or None."""
    try:
        with open(source.path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as e:
                    return source.fail(f"line {n}: not valid JSON ({e.args[0].split(':')[0]})")
                if not isinstance(row, dict):
                    return source.fail(f"line {n}: a JSON {type(row).__name__}, not an object "
                                       "of column: value")
    except (OSError, UnicodeDecodeError):
        return None
    return None
