"""Which SIMD level the C++ placement kernel runs in this process."""

from __future__ import annotations

from . import _core


def simd() -> str:
    """The SIMD level of the placement kernel, the core's hot loop: ``"baseline"`` (SSE2 on
    x86-64), ``"avx2"``, ``"avx512"``, or ``"neon"`` (aarch64, where NEON is the baseline).

    The kernel is compiled for each level and the widest this CPU (and its operating system)
    runs is chosen when cartonize is imported. The environment variable
    ``CARTONIZE_SIMD=baseline|avx2|avx512``, set before the import, forces one; a level the
    CPU cannot run fails the import with an ImportError naming it and the levels the CPU
    runs. Every level gives the same placements: only the speed differs.

    >>> import cartonize
    >>> cartonize.simd() in ("baseline", "avx2", "avx512", "neon")
    True
    """
    return _core.simd()
