"""Ctrl-C inside compiled code. A KeyboardInterrupt that arrives while a Numba kernel runs can
surface as a SystemError ("CPUDispatcher(...) returned a result with an exception set") whose
cause is the KeyboardInterrupt; the entry points that run kernels turn it back into the
KeyboardInterrupt it stands for, so a caller (and the command line) sees one kind of
interruption."""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

_F = TypeVar("_F", bound=Callable)


def caused_by_interrupt(e: BaseException | None) -> bool:
    """Whether `e` is a KeyboardInterrupt or was raised because of one (its cause or context,
    at any depth)."""
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, KeyboardInterrupt):
            return True
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return False


def interruptible(f: _F) -> _F:
    """`f`, with an error caused by Ctrl-C raised as KeyboardInterrupt (its signature kept,
    for type checkers too)."""
    @functools.wraps(f)
    def call(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KeyboardInterrupt:
            raise
        except Exception as e:
            if caused_by_interrupt(e):
                raise KeyboardInterrupt from None
            raise
    return call  # type: ignore[return-value]
