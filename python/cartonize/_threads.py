"""Numba's thread count for one call. numba.set_num_threads is thread-local (each Python
thread keeps its own count; a kernel launched from a thread uses that thread's), so two calls
running at once in two threads, each with its own ``threads``, do not disturb each other, and
the count is restored when the call ends, however it ends. None is every core the process may
run on, as the C++ core counts them (its affinity, and no more than its CPU quota: Numba reads
the affinity alone)."""

from __future__ import annotations

import contextlib

from ._options import check_threads


@contextlib.contextmanager
def numba_threads(threads):
    """Numba's thread count for the duration of a call (None: the cores the process may use,
    or fewer if Numba was set to fewer)."""
    import numba
    if threads is None:
        from . import _core
        threads = min(_core.usable_cores(), numba.get_num_threads())
    threads = check_threads(threads)
    previous = numba.get_num_threads()
    numba.set_num_threads(min(int(threads), numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(previous)
