"""Carrier rate cards: what shipping a package costs, and which packages a service takes.

One :class:`Tariff` serves packing (landed cost: material + shipping) and consolidation.
Money is held as integer micro-units (1e-6 of the currency) so that every sum is exact: prices
given as floats are rounded to the nearest micro-unit once, when the Tariff is made. Lengths
are mm, weights g, volumes mm^3.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ._grid import not_a_number

MICRO = 1_000_000
MAX_MONEY = 10 ** 12  # currency units: a price field above this is refused
NO_LIMIT = -1


def to_micro(amount, what: str) -> int:
    """A non-negative finite amount of currency as integer micro-units."""
    if not_a_number(amount) or not isinstance(amount, numbers.Real):
        raise TypeError(f"{what} must be a number, got {amount!r}")
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"{what} = {amount!r} must be finite and not negative")
    if amount > MAX_MONEY:
        raise ValueError(f"{what} = {amount!r} is too large (at most {MAX_MONEY:.0e})")
    return int(round(float(amount) * MICRO))


def money(total):
    """A sum of costs as the money it is: to the billionth, so that float noise goes (three
    boxes of 0.3 cost 0.9, not 0.8999999999999999) and a cost given finer than a micro-unit
    still counts (one number or an array of them, the same figures either way). Past 9e6 a
    float holds no billionths: such a total is left as summed (rounding it would add noise)."""
    total = np.asarray(total, dtype=np.float64)
    out = np.where(np.abs(total) < 2.0 ** 53 / 1e9, np.round(total, 9), total)
    return float(out) if np.ndim(out) == 0 else out


def _whole(v, what: str, minimum: int, limit: int = 10 ** 15) -> int:
    if not_a_number(v) or not isinstance(v, numbers.Real):
        raise TypeError(f"{what} must be a whole number, got {v!r}")
    if not math.isfinite(v) or v != int(v) or v < minimum or v > limit:
        raise ValueError(f"{what} = {v!r} must be a whole number in {minimum}..{limit}")
    return int(v)


@dataclass(frozen=True)
class Tariff:
    """A parcel rate card of one carrier service.

    Billable weight = max(actual weight, ceil(outer volume / divisor)): lengths in mm, weights
    in g, ``divisor`` in cm^3/kg (5000 and 6000 are common), so mm^3 / divisor is grams.
    Price = per_parcel + first_price + ceil(max(0, billable - first_weight) / step_weight) *
    step_price; or, made with :meth:`from_brackets`, per_parcel + the price of the first
    bracket whose upper weight holds the billable weight (heavier parcels cannot ship).

    Carrier limits (None: no limit): ``max_weight`` gross grams, ``max_length`` the longest
    outer side in mm, ``max_girth`` the longest side + 2 x (the other two), mm. A package
    outside any limit cannot use the service. ``name`` names the service in results.

    >>> t = Tariff(divisor=5000, first_weight=500, first_price=3.20, step_weight=500,
    ...            step_price=1.10, per_parcel=0.80)
    >>> t.price(300 * 200 * 100, 1200)   # billable 1,200 g: 0.80 + 3.20 + 2 steps of 1.10
    6.2
    """

    divisor: int = 5000
    first_weight: int = 500
    first_price: float = 0.0
    step_weight: int = 500
    step_price: float = 0.0
    per_parcel: float = 0.0
    brackets: tuple = field(default=())
    name: Optional[str] = None
    max_weight: Optional[int] = None
    max_length: Optional[int] = None
    max_girth: Optional[int] = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "divisor", _whole(self.divisor, "divisor", 1))
        set_(self, "first_weight", _whole(self.first_weight, "first_weight", 0))
        set_(self, "step_weight", _whole(self.step_weight, "step_weight", 1))
        for f in ("first_price", "step_price", "per_parcel"):
            to_micro(getattr(self, f), f)
        if self.name is not None and not isinstance(self.name, str):
            raise TypeError(f"name must be text, got {self.name!r}")
        for f in ("max_weight", "max_length", "max_girth"):
            if getattr(self, f) is not None:
                set_(self, f, _whole(getattr(self, f), f, 1))
        try:
            brackets = tuple(self.brackets)
        except TypeError:
            raise TypeError("brackets must be a sequence of (up_to_grams, price)") from None
        last = -1
        out = []
        for k, pair in enumerate(brackets):
            if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
                raise ValueError(f"brackets[{k}] = {pair!r} must be (up_to_grams, price)")
            up = _whole(pair[0], f"brackets[{k}] up_to_grams", 1)
            if up <= last:
                raise ValueError(f"brackets must rise: brackets[{k}] up to {up} g follows "
                                 f"{last} g")
            to_micro(pair[1], f"brackets[{k}] price")
            out.append((up, pair[1]))
            last = up
        set_(self, "brackets", tuple(out))

    @classmethod
    def from_brackets(cls, brackets, divisor: int = 5000, per_parcel: float = 0.0,
                      **limits) -> "Tariff":
        """A rate card by weight bracket: [(up_to_grams, price), ...], rising. ``limits``:
        name, max_weight, max_length, max_girth."""
        try:
            brackets = tuple(brackets)
        except TypeError:
            raise TypeError("brackets must be a sequence of (up_to_grams, price)") from None
        if not brackets:
            raise ValueError("brackets must not be empty")
        return cls(divisor=divisor, per_parcel=per_parcel, brackets=brackets, **limits)

    def arrays(self) -> tuple:
        """The card as integers for the kernels: (divisor, per_parcel_u, first_weight,
        first_price_u, step_weight, step_price_u, bracket_up[], bracket_price_u[])."""
        up = np.array([b[0] for b in self.brackets], dtype=np.int64)
        price = np.array([to_micro(b[1], "price") for b in self.brackets], dtype=np.int64)
        return (self.divisor, to_micro(self.per_parcel, "per_parcel"), self.first_weight,
                to_micro(self.first_price, "first_price"), self.step_weight,
                to_micro(self.step_price, "step_price"), up, price)

    def _service(self) -> tuple:
        """The card as the core takes it: its fields in the order the core names them
        (_layout.SERVICE_FIELDS)."""
        from ._layout import SERVICE_FIELDS
        d, per, fw, fp, sw, sp, up, price = self.arrays()
        mw, ml, mg = self.limits()
        fields = dict(divisor=d, per_parcel_u=per, first_weight=fw, first_price_u=fp,
                      step_weight=sw, step_price_u=sp, bracket_up=up.tolist(),
                      bracket_price_u=price.tolist(), max_weight=mw, max_length=ml,
                      max_girth=mg)
        return tuple(fields[name] for name in SERVICE_FIELDS)

    def limits(self) -> tuple:
        """(max_weight, max_length, max_girth), NO_LIMIT for none."""
        return tuple(NO_LIMIT if v is None else v
                     for v in (self.max_weight, self.max_length, self.max_girth))

    def takes(self, outer, gross_weight) -> bool:
        """Whether the service takes a package of these outer sides (mm) and gross weight."""
        s = sorted(int(v) for v in outer)
        if self.max_weight is not None and gross_weight > self.max_weight:
            return False
        if self.max_length is not None and s[2] > self.max_length:
            return False
        return self.max_girth is None or s[2] + 2 * (s[0] + s[1]) <= self.max_girth

    def billable(self, outer_volume, weight):
        """Billable grams for outer volume (mm^3) and actual weight (g); works on arrays."""
        v = np.asarray(outer_volume, dtype=np.int64)
        w = np.asarray(weight, dtype=np.int64)
        return np.maximum(w, (v + self.divisor - 1) // self.divisor)

    def price_micro(self, billable: int) -> int:
        """The price of a billable weight in micro-units, -1 when no bracket holds it; a
        ValueError when it would not fit 64 bits."""
        billable = int(billable)
        per = to_micro(self.per_parcel, "per_parcel")
        if self.brackets:
            for up, price in self.brackets:
                if billable <= up:
                    return per + to_micro(price, "price")
            return -1
        extra = billable - self.first_weight
        steps = 0 if extra <= 0 else -(-extra // self.step_weight)
        total = per + to_micro(self.first_price, "first_price") + steps * to_micro(
            self.step_price, "step_price")
        if total >= 2 ** 62:
            raise OverflowError(f"the price of {billable} g billable overflows")
        return total

    def price(self, outer_volume, weight):
        """The price in currency units (NaN where no bracket holds the parcel)."""
        b = self.billable(outer_volume, weight)
        out = np.array([self.price_micro(int(x)) for x in np.atleast_1d(b)], dtype=np.float64)
        out = np.where(out < 0, np.nan, out / MICRO)
        return float(out[0]) if np.ndim(outer_volume) == 0 and np.ndim(weight) == 0 else out


def check_tariffs(tariff, name: str = "tariff", none_ok: bool = True) -> tuple:
    """A Tariff or a sequence of Tariffs (services) as a tuple of Tariffs; () for None.
    Messages name the argument `name` ("tariff['DE']", say); `none_ok`: whether to say that
    None is taken too."""
    if tariff is None:
        return ()
    if isinstance(tariff, Tariff):
        return (tariff,)
    wrong = TypeError(f"{name} must be a Tariff or a sequence of Tariffs, got "
                      f"{type(tariff).__name__}")
    if isinstance(tariff, (str, bytes, dict)):
        raise wrong
    try:
        out = tuple(tariff)
    except TypeError:
        raise wrong from None
    if not out:
        raise ValueError(f"{name}: give at least one Tariff{' (or None)' if none_ok else ''}")
    for k, t in enumerate(out):
        if not isinstance(t, Tariff):
            raise TypeError(f"{name}[{k}] is a {type(t).__name__}, expected Tariff")
    names = service_names(out)
    if len(set(names)) != len(names):  # results name the service each box ships by
        twice = next(n for n in names if names.count(n) > 1)
        first, second = [k for k, n in enumerate(names) if n == twice][:2]
        raise ValueError(f"{name}[{first}] and {name}[{second}] share the name {twice!r}; "
                         "give each service a name of its own")
    return out


def service_names(tariffs: tuple) -> tuple:
    """Each service's name in results: its ``name``, else its position as text ("0", "1",
    ...) among several; a lone service without a name has none (None): there is nothing to
    tell apart."""
    if len(tariffs) == 1 and tariffs[0].name is None:
        return (None,)
    return tuple(str(k) if t.name is None else t.name for k, t in enumerate(tariffs))


OBJECTIVES = ("boxes", "cost")


def check_objective(objective, tariffs=None) -> int:
    """The objective's code; 'cost' (least landed cost) needs `tariffs` (checked, a tuple)
    to price by when they are given: without them it would pack as 'boxes' unsaid."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be 'boxes' or 'cost', got {objective!r}")
    if objective == "cost" and tariffs is not None and not tariffs:
        raise ValueError("objective 'cost' needs a tariff (the carrier services to price by)")
    return OBJECTIVES.index(objective)
