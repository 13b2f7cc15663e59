"""Box selection in plain Python: the walk over the catalogue by cost and pack() itself; the
definition csrc/selection.cpp is held to (attempts, bounds, splits, balance and kits in the
modules named for their core files)."""

from __future__ import annotations

from ..catalog import Catalog, check_catalog
from ..model import check_items
from ..result import PackedBox, Packing, Placement
from ..tariff import MICRO, check_objective, check_tariffs, service_names
from . import exact_search as oracle
from .attempts import ATTEMPTS, orderings, walk_attempts
from .bag_fit import attempts_pack, bag_attempts, bag_step
from .bags import turn_holds
from .balance import balance
from .extreme_points import Copy, fits, grid_layout, load, turns_of
from .groups import keep_groups_whole
from .improve import improve
from .landed_cost import Shop
from .lower_bounds import (
    bounds_allow,
    box_count_bound,
    box_piles_allow,
    lower_bound,
    one_box_bounds_allow,
)
from .split import split
from .support import binding_limits, supported


def rules_allow(shop: Shop, copies: list) -> bool:
    """Whether these copies may share one box: no two incompatible categories, no line over
    its cap."""
    present, count = 0, {}
    for c in copies:
        if c.category >= 0 and c.category < len(shop.incompatible) and (
                shop.incompatible[c.category] & present):
            return False
        if c.category >= 0:
            present |= 1 << c.category
        count[c.item] = count.get(c.item, 0) + 1
        if c.cap and count[c.item] > c.cap:
            return False
    return True


def single(shop: Shop, copies: list, attempts=ATTEMPTS, stop_at=None):
    """The cheapest box one attempt packs all of `copies` into, as (box, layout), or None:
    the heuristic-only walk of :func:`single_proven`. With `stop_at` (a box known to hold
    them), the walk ends at that box: only boxes before it are of interest."""
    return single_proven(shop, copies, False, 0, attempts, stop_at)[0]


def single_proven(shop: Shop, copies: list, exact: bool, exact_max_copies: int,
                  attempts=ATTEMPTS, stop_at=None):
    """The cheapest box holding all `copies`, as ((box, layout) or None, proof), walking the
    boxes by (landed) cost: bounds, then the heuristic `attempts`, then, when searching is on
    and the order has at most min(exact_max_copies, 4) copies, the brute-force oracle. A bag
    is tried at a few thicknesses (bag_step). A priced bag's place in the walk is the least it
    ships for; once filled it may cost more, so the walk goes on past a fit while what comes
    next may cost less."""
    can_search = exact and len(copies) <= min(exact_max_copies, oracle.MAX_COPIES)
    all_proven, unknown, sequences = True, False, None
    go_on = shop.priced and shop.has_bags
    w = load(copies)
    best, best_cost = None, None
    # The least walk cost of a bag filled to a block that ships dearer than that: another
    # filling might ship cheaper, so a packing costing more than it is not proven the least.
    loose = None

    def status():
        proven = all_proven and (loose is None or best is None or loose >= best_cost)
        return "proven" if proven else "unknown" if unknown else "heuristic"

    def take(box, layout) -> bool:
        """Whether the walk ends with this fit."""
        nonlocal best, best_cost, loose
        if not go_on:
            best = (box, layout)
            return True
        cost = shop.landed_layout(box, layout)
        if cost is not None and box.is_bag and cost > shop.landed(box, w):
            loose = shop.landed(box, w) if loose is None else min(loose, shop.landed(box, w))
        if cost is not None and (best is None or cost < best_cost):
            best, best_cost = (box, layout), cost
        return False
    if not rules_allow(shop, copies):
        return None, "proven"
    for box in shop.walk(w):
        if stop_at is not None and box.index == stop_at.index:
            all_proven = False
            break
        if best is not None and shop.landed(box, w) >= best_cost:
            break  # nothing after costs less
        if not shop.available(box):
            continue
        if not bounds_allow(box, copies):
            continue
        sequences = sequences or orderings(copies)
        if box.is_bag:
            kind, layout = bag_step(shop, box, copies, sequences, attempts, exact, can_search,
                                    all_proven)
            if kind == "fit" and take(box, layout):
                return best, status()
            if kind == "searched":
                all_proven, unknown = False, True
            if kind == "unknown":
                all_proven = False
            continue
        layout = attempts_pack(shop, box, copies, sequences, attempts)
        if layout is None:
            layout = grid_layout(box, copies)
        if layout is not None:
            if take(box, layout):
                return best, status()
            continue
        if exact and not (box_piles_allow(box.dims, copies)
                          and one_box_bounds_allow(box, copies)):
            continue  # a proof: the bounds with this box as the only bin (copies that pile up)
        if not can_search:
            all_proven = False
            continue
        if box.max_weight is None or sum(c.weight for c in copies) <= box.max_weight:
            layout = oracle.fit(box, copies)
            if layout is not None and shop.support and not supported(layout, shop.min_support):
                all_proven, unknown = False, True  # a fit that is not stable proves nothing
                continue
            if layout is not None and take(box, layout):
                return best, status()
    return best, status()


def misfit(shop: Shop, c) -> str | None:
    """Why copy c fits no box on its own (None: some box holds it)."""
    size_ok = weight_ok = False
    for view in shop.boxes:
        box = view.box
        if not (any(turn_holds(box, t, c.volume) for t in c.turns) if view.is_bag
                else fits(c, box) and c.volume <= view.hold):
            continue
        size_ok = True
        if box.max_weight is not None and c.weight > box.max_weight:
            continue
        weight_ok = True
        if (shop.usable[view.index] and (view.max_weight is None or c.weight <= view.max_weight)
                and (not shop.priced or _ships_alone_in(shop, view, c))):
            return None
    return "unshippable" if weight_ok else "too_heavy" if size_ok else "too_large"


def _ships_alone_in(shop: Shop, view, c) -> bool:
    """Whether some service ships the copy alone in this box (in a bag: in some turn that
    fits, at that turn plus the bag's wall)."""
    if not view.is_bag:
        return shop.ship(view, c.weight) is not None
    bag = view.box
    return any(shop.ship_block(view, c.weight, t) is not None for t in c.turns
               if turn_holds(bag, t, c.volume))


def cost_of(shop: Shop, chosen: list):
    """A set of boxes' cost: landed (micro-units) when priced, else the boxes' cost."""
    if shop.priced:
        return sum(shop.landed_layout(box, layout) for box, layout in chosen)
    return sum(box.cost for box, _ in chosen)


def reported_cost(shop: Shop, chosen: list):
    """cost_of as a packing reports it: each box's void fill of its empty volume, not of the
    whole volume the walk counts (the same for every box but for rounding)."""
    void = shop.catalog._void_fill_u
    rounding = sum(void(box.box, box.box.volume - sum(c.volume for c, _ in layout))
                   - void(box.box, box.box.volume) for box, layout in chosen)
    return cost_of(shop, chosen) + (rounding if shop.priced else rounding / MICRO)


def fit_in(shop: Shop, box, content: list):
    """A layout of `content` in `box` by the heuristic's attempts (rules and bounds first),
    or None."""
    if not rules_allow(shop, content) or not bounds_allow(box, content):
        return None
    sequences = orderings(content)
    if box.is_bag:
        return bag_attempts(shop, box, content, sequences, ATTEMPTS, check_ship=False)
    return attempts_pack(shop, box, content, sequences, ATTEMPTS)


def pack(items, catalog: Catalog, *, tariff=None, objective: str = "boxes", incompatible=None,
         balance_weight: bool = False, min_support: float = 0.0, exact: bool = True,
         node_limit: int = 10_000, exact_max_copies: int = 8, effort: int = 0) -> Packing:
    """Same signature as :func:`cartonize.pack` (but its time limit), in plain Python. With
    ``exact=False`` it gives the same result as the core, placement for placement. With
    ``exact`` it settles boxes the
    heuristic fails on by a brute-force oracle, for orders of at most 4 copies (``node_limit``
    does not apply: the oracle always finishes); its box choice is then the proven cheapest."""
    from .._options import check_effort, check_flag
    from .._rules import catalog_stock, categories, check_incompatible, check_support
    items = check_items(items)
    catalog = check_catalog(catalog)
    tariffs = check_tariffs(tariff)
    effort = check_effort(effort)
    if catalog.on_demand:
        raise ValueError("a catalogue with machines: use cartonize.reference.pack")
    least_cost = check_objective(objective, tariffs) == 1
    if not tariffs:
        catalog._check_costs()  # boxes with and without a cost: refused, as pack refuses them
    pairs = check_incompatible(incompatible)
    codes = categories(pairs)
    masks = [0] * len(codes)
    for a, b in pairs:
        masks[codes[a]] |= 1 << codes[b]
        masks[codes[b]] |= 1 << codes[a]
    shop = Shop(catalog, tariffs, masks, catalog_stock(catalog),
                check_flag(balance_weight, "balance_weight"))
    shop.min_support = check_support(min_support)
    binding = binding_limits(items)
    shop.loads = any(b is not None and it.quantity > 0 for b, it in zip(binding, items))
    shop.grounded = shop.loads or any(not it.stackable and it.quantity > 0 for it in items)
    shop.support = shop.min_support > 0 or shop.grounded
    copies, unpacked, alone, alone_shipping = [], [], [], []
    first_line, group_code = {}, {}
    for i, it in enumerate(items):
        group = -1 if it.group is None else group_code.setdefault(it.group, len(group_code))
        category = codes.get(it.category, -1)
        cap = it.max_per_box or 0
        shape = first_line.setdefault((it.length, it.width, it.height, it.orientation, group,
                                       category, i if cap else -1, it.ships_alone,
                                       it.stackable, binding[i]), i)
        for q in range(it.quantity):
            dims = (it.length, it.width, it.height)
            c = Copy(i, q, dims, it.weight, turns_of(dims, it.orientation), shape, group,
                     category, cap, it.stackable, binding[i])
            if it.ships_alone:
                offer = _ship_own(tariffs, dims, it.weight)
                if tariffs and offer is None:
                    unpacked.append((i, q, "unshippable"))
                else:
                    alone.append((i, q))
                    if tariffs:
                        alone_shipping.append(offer / MICRO)
                continue
            why = misfit(shop, c)
            if why is None:
                copies.append(c)
            else:
                unpacked.append((i, q, why))
    if copies and any(c.group >= 0 for c in copies):
        line_group = {i: (-1 if it.group is None else group_code[it.group])
                      for i, it in enumerate(items)}
        copies, kits_unproven = keep_groups_whole(shop, copies, unpacked, line_group, exact,
                                                  exact_max_copies, single_proven)
    else:
        kits_unproven = False
    if not copies:  # every copy left out (no box holds any) proves nothing
        return Packing((), tuple(unpacked), "heuristic" if kits_unproven else
                       "" if unpacked else "proven",
                       alone=alone, alone_shipping=alone_shipping)

    found, proof = single_proven(shop, copies, exact, exact_max_copies, walk_attempts(copies))
    if found:
        chosen, bound = [found], 1
        single_cost = shop.landed_layout(*found) if least_cost else 0
        volume = sum(c.volume for c in copies)
        if least_cost and shop.split_floor(load(copies), volume) < single_cost:
            # Two packages might ship for less: the single box is not proven the cheapest.
            if len(copies) > 1 and proof == "proven":
                proof = "heuristic"
            trial = split(shop, copies, 2, single, below=single_cost)
            if len(trial) > 1 and cost_of(shop, trial) < cost_of(shop, chosen):
                chosen, proof = trial, "heuristic"
    else:
        walk_proven = proof == "proven"  # of the boxes in stock
        proof = "heuristic"
        # Fewer copies left for want of stock first; then fewest boxes, then least total cost
        # (least cost alone under objective "cost"); the first strategy wins ties. The second
        # strategy runs only while the first leaves more boxes than the volume/weight bound
        # (always under "cost", and while copies are left for want of stock).
        count_bound = box_count_bound(shop, copies)
        chosen, chosen_left = None, None
        for strategy in ((0, 1, 2) if least_cost else (0, 1)):
            if (chosen is not None and not least_cost and len(chosen) <= count_bound
                    and not chosen_left):
                break
            left = []
            trial = split(shop, copies, strategy, single, leftover=left)
            if chosen is None:
                better = True
            elif len(left) != len(chosen_left):
                better = len(left) < len(chosen_left)
            elif least_cost:
                better = cost_of(shop, trial) < cost_of(shop, chosen)
            else:
                better = (len(trial), cost_of(shop, trial)) < (len(chosen), cost_of(shop, chosen))
            if better:
                chosen, chosen_left = trial, left
        # What is left is left for want of stock, or is a kit only the exact search packs.
        # Each kit or copy left goes into a box of its own by the walk, counting the stock the
        # chosen packing takes (each strategy took its own).
        if chosen_left:
            shop.used = [0] * len(shop.boxes)
            for box, _ in chosen:
                shop.used[box.index] += 1
            left, taken = [], set()
            for c in chosen_left:
                if id(c) in taken:
                    continue
                unit = [d for d in chosen_left if id(d) not in taken
                        and (d is c or (c.group >= 0 and d.group == c.group))]
                taken.update(id(d) for d in unit)
                found = single_proven(shop, unit, exact, exact_max_copies)[0]
                if found is not None:
                    shop.used[found[0].index] += 1
                    chosen.append(found)
                else:
                    left += unit
            chosen_left = left
        # With copies still left for want of stock, a box out of stock might hold them all:
        # one box is all the walk's proof gives then (a kit the split left and the walk then
        # packed leaves none: the proof stands, as the core counts it).
        bound = max(2 if walk_proven and not chosen_left else 1, lower_bound(shop, copies))
        unpacked += [(c.item, c.copy, "no_stock") for c in chosen_left]
        split_, taken = chosen, 0
        if effort and not chosen_left and len(chosen) > bound:
            chosen, taken = improve(shop, chosen, copies, bound, effort, least_cost, single,
                                    fit_in, reported_cost)
        if shop.balance and len(chosen) > 1:
            chosen = balance(shop, chosen, copies, fit_in)
            # Balancing undoes the uneven volumes the search prefers, and balancing the split
            # can end cheaper: both are balanced, the better kept (the improved on ties).
            if taken:
                other = balance(shop, split_, copies, fit_in)
                a, b = reported_cost(shop, other), reported_cost(shop, chosen)
                if a < b if least_cost else (len(other), a) < (len(chosen), b):
                    chosen = other
    names = service_names(tariffs)
    boxes = []
    for box, layout in chosen:
        w = load(c for c, _ in layout)
        placements = tuple(Placement(c.item, c.copy, *pos) for c, pos in layout)
        void = 0 if box.is_bag else box.box.volume - sum(c.volume for c, _ in layout)
        void_fill = shop.catalog._void_fill_u(box.box, void) / MICRO
        if tariffs:
            s, price, billable = shop.ship_layout(box, layout)
            boxes.append(PackedBox(box.box, placements, w, names[s], price / MICRO, billable,
                                   shop.own_material(box) / MICRO, void_fill=void_fill))
        else:
            boxes.append(PackedBox(box.box, placements, w,
                                   material=shop.catalog._own_material(box.box),
                                   void_fill=void_fill))
    if kits_unproven and proof == "proven":  # a kit left out on the heuristic's word
        proof = "heuristic"
    if not boxes and unpacked and not kits_unproven:  # every copy left out (for want of
        proof = ""  # stock): nothing proven (a kit left out on the heuristic's word is said)
    return Packing(tuple(boxes), tuple(unpacked), proof, bound, alone=alone,
                   alone_shipping=alone_shipping)


def _ship_own(tariffs, dims, weight):
    """The cheapest service's price (micro-units) for a copy in its own packaging, or None."""
    from .landed_cost import ship_u
    offer = ship_u(tariffs, dims, weight) if tariffs else None
    return None if offer is None else offer[0]
