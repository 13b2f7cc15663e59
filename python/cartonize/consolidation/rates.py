"""Lanes, their services and their policies, as the kernels read them.

A lane is a destination and carrier arrangement with its own rate cards and rules. ``tariff``
is a Tariff, a list of Tariffs (services: a package ships by the cheapest that takes it) or a
dict lane -> either; ``policy`` a ConsolidationPolicy or a dict lane -> policy. Parcels of a
lane that the dict does not name are an error naming the lane.
"""

from __future__ import annotations

import numpy as np

from ..tariff import Tariff, check_tariffs, service_names, to_micro
from .policy import ConsolidationPolicy

DEFAULT_LANE = ""  # the lane of parcels without a lane column


def _services(tariff, lane) -> tuple:
    return check_tariffs(tariff, "tariff" if lane is None else f"tariff[{lane!r}]",
                         none_ok=False)


class Rates:
    """Per lane (in the order of ``lanes``): the services and the policy, and both as arrays.

    Service arrays (indexed by service, lane l owning svc_start[l]:svc_start[l + 1]): divisor,
    per_u, first_w, first_u, step_w, step_u, max_weight, max_length, max_girth (-1: none),
    b_start (brackets of service s at b_start[s]:b_start[s + 1] of b_up, b_price).
    Policy arrays (indexed by lane): gross (max_weight), value, parcels, wait, rate_u.
    """

    def __init__(self, tariff, policy, lanes):
        self.lanes = list(lanes)
        per_lane = isinstance(tariff, dict)
        if not per_lane:
            shared = _services(tariff, None)
            if not shared:
                raise TypeError("tariff must be a Tariff, a list of Tariffs or a dict lane -> "
                                "Tariff or list")
        self.services, self.policies = [], []
        for lane in self.lanes:
            if per_lane:
                if lane not in tariff:
                    names = ', '.join(map(repr, tariff)) or 'no lane'
                    raise ValueError(
                        f"the parcels have no lane column and the tariff is per lane (names "
                        f"{names}): give each parcel its lane, or one tariff for all"
                        if lane == DEFAULT_LANE and len(self.lanes) == 1 else
                        f"lane {lane!r} has parcels but no tariff (tariff names {names})")
                svc = _services(tariff[lane], lane)
                if not svc:
                    raise ValueError(f"tariff[{lane!r}]: give at least one Tariff")
            else:
                svc = shared
            self.services.append(svc)
            if isinstance(policy, dict):
                if lane not in policy:
                    raise ValueError(f"lane {lane!r} has parcels but no policy (policy names "
                                     f"{', '.join(map(repr, policy)) or 'no lane'})")
                pol = policy[lane]
            else:
                pol = policy
            if not isinstance(pol, ConsolidationPolicy):
                raise TypeError(f"policy{'' if not isinstance(policy, dict) else f'[{lane!r}]'} "
                                f"must be a ConsolidationPolicy, got {type(pol).__name__}")
            self.policies.append(pol)
        self._arrays()

    def _arrays(self) -> None:
        flat = [t for svc in self.services for t in svc]
        self.svc_start = np.zeros(len(self.lanes) + 1, dtype=np.int64)
        np.cumsum([len(s) for s in self.services], out=self.svc_start[1:])
        ints = lambda xs: np.array(xs, dtype=np.int64)  # noqa: E731
        lim = [t.limits() for t in flat]
        b_start = np.zeros(len(flat) + 1, dtype=np.int64)
        np.cumsum([len(t.brackets) for t in flat], out=b_start[1:])
        self.S = (ints([t.divisor for t in flat]),
                  ints([to_micro(t.per_parcel, "per_parcel") for t in flat]),
                  ints([t.first_weight for t in flat]),
                  ints([to_micro(t.first_price, "first_price") for t in flat]),
                  ints([t.step_weight for t in flat]),
                  ints([to_micro(t.step_price, "step_price") for t in flat]),
                  ints([x[0] for x in lim]), ints([x[1] for x in lim]), ints([x[2] for x in lim]),
                  b_start,
                  ints([b[0] for t in flat for b in t.brackets]),
                  ints([to_micro(b[1], "price") for t in flat for b in t.brackets]))
        pol = self.policies
        self.gross = ints([p.max_weight for p in pol])
        self.value = ints([p.max_value for p in pol])
        self.parcels = ints([p.max_parcels for p in pol])
        self.wait = ints([p.max_wait for p in pol])
        self.rate = ints([to_micro(p.wait_cost_per_hour, "wait_cost_per_hour") for p in pol])
        self.names = [service_names(s) for s in self.services]

    def service_names(self, services: np.ndarray) -> np.ndarray:
        """The names of global service indices (None for -1), as an object array."""
        flat = np.array([n for names in self.names for n in names] + [None], dtype=object)
        return flat[np.where(np.asarray(services) < 0, len(flat) - 1, services)]


__all__ = ["Rates", "Tariff", "DEFAULT_LANE"]
