"""Ctrl-C at a Numba kernel's first call, many times: how many runs end in a crash.

    python bench/ctrl_c_probe.py [--runs 60] [--within 0.4]

Each run is a fresh process that calls the consolidation kernel `extend` (the first call
loads it from Numba's cache), over and over, while SIGINT comes once at a random moment in
the first `--within` seconds; the run must end with the interrupt caught (exit 0), never a
crash. `--unheld` calls the kernel directly, as the code before the hold did: the
interrupt then lands inside the call (while Numba loads the kernel or boxes its results), and
a tuple came back holding a null (a segmentation fault, exit -11). Prints the exit codes
counted. Not a benchmark of speed: a probe of a race, for the record of the fix.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys

CHILD = r"""
import os, random, signal, sys, threading, time
import numpy as np
from cartonize.consolidation import kernels
from cartonize._interrupts import held
n_cons, per = 200, 6
cstart = np.arange(n_cons + 1, dtype=np.int64) * per
n = n_cons * per
cons = np.repeat(np.arange(n_cons, dtype=np.int64), per)
masks = (np.int64(1) << (np.arange(n) % per)).astype(np.int64)
zero = np.zeros(n, np.int64)
args = (cons, masks, cstart, zero, zero, np.full(n, 10**6, np.int64), np.full(n, 100, np.int64),
        np.full(n, 100, np.int64), np.zeros(n_cons, np.int64), np.array([10**9]),
        np.array([10**9]), np.array([10]), np.array([10**9]), np.zeros(n_cons, np.int64), 0)
call = kernels.extend if sys.argv[1] == "unheld" else held(kernels).extend
delay = random.Random(int.from_bytes(os.urandom(4), "little")).uniform(0, float(sys.argv[2]))
threading.Thread(target=lambda: (time.sleep(delay), os.kill(os.getpid(), signal.SIGINT)),
                 daemon=True).start()
try:
    for _ in range(200):
        a, b, c = call(*args)
    time.sleep(1)
except KeyboardInterrupt:
    pass
except SystemError:  # the interrupt as Numba may say it ("returned a result with an exception
    pass             # set"): the package's entry points turn it back into KeyboardInterrupt
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--within", type=float, default=0.4, help="seconds: when SIGINT may come")
    ap.add_argument("--unheld", action="store_true", help="call the kernel without the hold")
    args = ap.parse_args()
    codes = collections.Counter()
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, "-c", CHILD, "unheld" if args.unheld else "held",
                               str(args.within)], capture_output=True, timeout=120)
        codes[done.returncode] += 1
    crashed = sum(v for k, v in codes.items() if k != 0)
    print(f"{'unheld' if args.unheld else 'held'}: {args.runs} runs, exit codes "
          f"{dict(sorted(codes.items()))}: {crashed} ended otherwise than interrupted")


if __name__ == "__main__":
    main()
