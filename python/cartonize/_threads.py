"""Numba's cache, and its thread count for one call.

Kernels declared cache=True load their build from beside the module or from the user's cache
folder, as Numba chooses, where it can write one; where it can write neither (a service user
with no home over a read-only install: DynamicUser, a container's --user), Numba refused with
"cannot cache function ... no locator available": ``numba_cache`` gives it a folder of its
own in the temporary folder instead.

Numba's thread count for one call. numba.set_num_threads is thread-local (each Python
thread keeps its own count; a kernel launched from a thread uses that thread's), so two calls
running at once in two threads, each with its own ``threads``, do not disturb each other, and
the count is restored when the call ends, however it ends. None is every core the process may
run on, as the C++ core counts them (its affinity, and no more than its CPU quota: Numba reads
the affinity alone)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

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


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def numba_cache(module_file: str) -> None:
    """Before a module declares its cached kernels: where Numba can write no cache beside
    `module_file` nor in the user's cache folder (and NUMBA_CACHE_DIR names none), one of the
    temporary folder's, of this user's."""
    from numba import config
    from numba.misc.appdirs import user_cache_dir
    if config.CACHE_DIR or _writable(os.path.join(os.path.dirname(module_file), "__pycache__")) \
            or _writable(user_cache_dir("numba", appauthor=False)):
        return
    config.CACHE_DIR = _own_folder()


def _own_folder() -> str:
    """This user's folder of the temporary folder, made private (0700) and used only where it
    is this user's own and no one else may write in it (Numba's cache is pickles: another
    user's folder could plant code); else a fresh private one."""
    if hasattr(os, "getuid"):
        path = os.path.join(tempfile.gettempdir(), f"cartonize-numba-{os.getuid()}")
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            st = os.lstat(path)
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077:
                return path
        except OSError:
            pass
    return tempfile.mkdtemp(prefix="cartonize-numba-")
