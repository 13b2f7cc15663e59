"""Ctrl-C inside compiled code. A KeyboardInterrupt that arrives while a Numba kernel runs can
surface as a SystemError ("CPUDispatcher(...) returned a result with an exception set") whose
cause is the KeyboardInterrupt; the entry points that run kernels turn it back into the
KeyboardInterrupt it stands for, so a caller (and the command line) sees one kind of
interruption."""

from __future__ import annotations

import functools
import signal
import threading
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


# Ctrl-C while a Numba kernel is called from Python. The interpreter runs the SIGINT handler
# where it next can, and inside a kernel's call that may be while Numba loads the kernel from
# its cache or boxes the results: a tuple of arrays then came back holding a null, and the
# caller's unpacking crashed the process (segmentation fault, about one run in seven on a
# first call interrupted in its first 0.4 s). A kernel cannot stop half-way anyway (Numba's
# compiled code never looks at signals): held(), each press waits until the call returns,
# then reaches the handler that was there, as if it came then. Only a Python handler is held:
# SIG_DFL ends the process and SIG_IGN drops the press at once, as without the hold, and
# asyncio's (loop.add_signal_handler) runs no Python in the call, its callbacks later.
class _Presses(list):
    """The presses noted during one call (its own: none outlives the call)."""

    def __call__(self, signum, frame) -> None:
        self.append(signum)


def _call_held(kernel: Callable, *args, **kwargs):
    previous = signal.getsignal(signal.SIGINT)
    if (threading.current_thread() is not threading.main_thread()  # (signals reach it alone)
            or not callable(previous) or isinstance(previous, _Presses)  # (held already)
            or getattr(previous, "__module__", None) == "asyncio.unix_events"):
        return kernel(*args, **kwargs)
    presses = _Presses()
    signal.signal(signal.SIGINT, presses)
    try:
        return kernel(*args, **kwargs)
    finally:
        signal.signal(signal.SIGINT, previous)
        for _ in presses:  # each one (the first may end the run)
            signal.raise_signal(signal.SIGINT)


class held:
    """A module of Numba kernels whose kernels, called from Python through it, hold Ctrl-C
    until they return (kernels calling kernels call the module's own)."""

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        kernel = getattr(self._module, name)
        if not callable(kernel):
            return kernel
        return functools.partial(_call_held, kernel)
