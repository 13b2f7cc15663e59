"""Kits in plain Python: a fill keeps only whole groups (and what rests on them), and groups no
box holds whole are unpacked; the definition csrc/groups.cpp is held to."""

from __future__ import annotations

from .landed_cost import Shop
from .support import drop_unsupported

def whole_groups(layout: list, rest: list, shop: Shop) -> list:
    """The layout without the copies of any group it holds only part of (of `rest`) and,
    with support on, without the copies that rested on those (drop_unsupported), until both
    hold."""
    if not any(c.group >= 0 for c, _ in layout):
        return layout
    left = {}
    for c in rest:
        if c.group >= 0:
            left[c.group] = left.get(c.group, 0) + 1
    while True:
        placed = {}
        for c, _ in layout:
            if c.group >= 0:
                placed[c.group] = placed.get(c.group, 0) + 1
        layout = [(c, pos) for c, pos in layout
                  if c.group < 0 or placed[c.group] == left[c.group]]
        if not shop.support:
            return layout
        kept = drop_unsupported(layout, shop.min_support)
        if len(kept) == len(layout):
            return layout
        layout = kept


def keep_groups_whole(shop: Shop, copies: list, unpacked: list, line_group: dict, exact,
                      exact_max_copies, single_proven):
    """The copies of groups no box holds whole (stock aside), or with a member already
    unpacked, are unpacked as "group_too_large" (after the other reasons); returns the
    rest, and whether a group was left out without the walk's proof that no box holds it
    (the packing is then not proven). `single_proven`: the walk (selection.single_proven),
    passed in."""
    bad = {line_group[i] for i, _, _ in unpacked if line_group[i] >= 0}
    shop.ignore_stock = True
    seen, unproven = set(), False
    for c in copies:
        g = c.group
        if g < 0 or g in seen or g in bad:
            continue
        seen.add(g)
        members = [x for x in copies if x.group == g]
        found, proof = single_proven(shop, members, exact, exact_max_copies)
        if found is None:
            bad.add(g)
            unproven = unproven or proof != "proven"
    shop.ignore_stock = False
    kept = []
    for c in copies:
        if c.group >= 0 and c.group in bad:
            unpacked.append((c.item, c.copy, "group_too_large"))
        else:
            kept.append(c)
    return kept, unproven
