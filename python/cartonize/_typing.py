"""Types of the public API, for type checkers and readers: what the entry points take (tables
of pandas, Arrow, polars or numpy columns; one Tariff or several; progress as a flag or a
callable) and what an Item's orientation may be. Nothing here runs: the table types are
imported for type checking only, so that importing cartonize loads neither pandas nor
pyarrow."""

from __future__ import annotations

from typing import (TYPE_CHECKING, Any, Callable, Literal, Mapping, Protocol, Sequence, TypeVar,
                    Union)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from .consolidation.policy import ConsolidationPolicy
    from .model import Item
    from .tariff import Tariff

Orientation = Literal["any", "upright", "fixed"]
Objective = Literal["boxes", "cost"]
Strategy = Literal["rolling", "on_arrival", "offline"]
# A table of rows: a pandas DataFrame, an Arrow table, a polars DataFrame or columns.
Table = Union["pd.DataFrame", "pa.Table", "pl.DataFrame", Mapping[str, "npt.ArrayLike"]]
# pack_many gives back the kind of table it was given (a dict of numpy arrays for a mapping).
TableT = TypeVar("TableT", "pd.DataFrame", "pa.Table", "pl.DataFrame",
                 "dict[str, np.ndarray]")
Tariffs = Union["Tariff", Sequence["Tariff"], None]
# Consolidation: one rate card or several (services), or per lane; one policy or per lane.
LaneTariffs = Union["Tariff", Sequence["Tariff"], Mapping[Any, Union["Tariff", Sequence["Tariff"]]]]
LanePolicies = Union["ConsolidationPolicy", Mapping[Any, "ConsolidationPolicy"]]
Pairs = Union[Sequence[tuple[Any, Any]], None]
Progress = Union[bool, Callable[[int, int], Any]]


class HasItems(Protocol):
    """What holds an order's items: an Order (verify takes one where it takes Items)."""

    @property
    def items(self) -> Sequence["Item"]: ...
