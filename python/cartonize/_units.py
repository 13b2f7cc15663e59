"""Units of length and weight: how many millimetres and grams each one is (the command line
reads files in them), and how a packing's figures (whole mm and g) are written in them for
the people who read the sheet and the page."""

from __future__ import annotations

from dataclasses import dataclass

LENGTH_UNITS = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}
WEIGHT_UNITS = {"g": 1.0, "kg": 1000.0, "lb": 453.59237}

# Decimals written in each unit: a millimetre or a gram at the most, a tenth of an inch and a
# hundredth of a pound (what a tape and a scale read; the figures read in inches and pounds
# were snapped to whole mm and g, and these give them back as written).
_DECIMALS = {"mm": 0, "cm": 1, "m": 3, "in": 1, "g": 0, "kg": 3, "lb": 2}


def _number(value: float, decimals: int, grouped: bool) -> str:
    text = f"{value:{',' if grouped else ''}.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Units:
    """The units figures are written in: ``length`` one of LENGTH_UNITS, ``weight`` one of
    WEIGHT_UNITS.

    >>> Units("in", "lb").size((300, 200, 150)), Units("in", "lb").mass(2990)
    ('11.8x7.9x5.9 in', '6.59 lb')
    >>> Units().size((1200, 1000, 1500)), Units().mass(12500)  # lengths ungrouped: a list
    ('1200x1000x1500 mm', '12,500 g')
    """

    length: str = "mm"
    weight: str = "g"

    def __post_init__(self):
        if self.length not in LENGTH_UNITS:
            raise ValueError(f"unit must be one of {', '.join(LENGTH_UNITS)}, not "
                             f"{self.length!r}")
        if self.weight not in WEIGHT_UNITS:
            raise ValueError(f"weight_unit must be one of {', '.join(WEIGHT_UNITS)}, not "
                             f"{self.weight!r}")

    def scale(self, mm: float) -> float:
        """A length in mm, in this unit (a number)."""
        return mm / LENGTH_UNITS[self.length]

    def number(self, mm: float) -> str:
        """A length in mm, written in this unit without the unit: "11.8" (no thousands
        separator: lengths go in lists, "(0, 0, 1000)")."""
        return _number(self.scale(mm), _DECIMALS[self.length], False)

    def distance(self, mm: float) -> str:
        """ "300 mm", "11.8 in"."""
        return f"{self.number(mm)} {self.length}"

    def size(self, sides, sep: str = "x") -> str:
        """ "300x200x150 mm"."""
        return sep.join(self.number(v) for v in sides) + f" {self.length}"

    def mass(self, grams: float, unit: bool = True) -> str:
        """ "2,990 g", "6.59 lb" (without `unit`: "6.59")."""
        return self._weight_text(grams / WEIGHT_UNITS[self.weight], unit)

    def masses(self, *grams: float) -> tuple:
        """Weights written so that the first is the sum of the others as written: "8.54 lb"
        of "8.14 lb" and "0.4 lb" (each rounded alone, the whole read 8.53)."""
        places = _DECIMALS[self.weight]
        parts = [round(g / WEIGHT_UNITS[self.weight], places) for g in grams]
        return tuple(self._weight_text(v) for v in [round(sum(parts), places)] + parts)

    def _weight_text(self, value: float, unit: bool = True) -> str:
        text = _number(value, _DECIMALS[self.weight], True)
        return f"{text} {self.weight}" if unit else text
