"""Plain-Python reference implementations: readable definitions the fast code is held to.

``reference.pack`` has the signature of :func:`cartonize.pack` and returns the same packing,
placement for placement.
"""

from .selection import pack

__all__ = ["pack"]
