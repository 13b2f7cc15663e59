"""threads=None starts one thread for each core the process may run on (its CPU affinity, as
taskset, a container's cpuset or a batch scheduler sets it), not one for each core the machine
has: on a machine shared that way, more threads than cores only take turns."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from cartonize import _core

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"),
                                reason="CPU affinity is read on Linux")

# A child process limits itself to `cores` of its CPUs, then packs a large table with
# threads=None while its main thread counts the process's threads (/proc/self/task) every
# millisecond: the core's workers are the threads beyond those before the call.
CHILD = textwrap.dedent("""
    import os, sys, threading, time
    import numpy as np
    from cartonize import Box, Catalog, _core, pack_many
    cores = int(sys.argv[1])
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:cores])
    rng = np.random.default_rng(5)
    n = 40_000
    cols = {"order_id": np.arange(n) // 4, "length": rng.integers(50, 300, n),
            "width": rng.integers(50, 300, n), "height": rng.integers(20, 200, n),
            "weight": rng.integers(1, 2000, n), "quantity": rng.integers(1, 4, n)}
    catalog = Catalog([Box("S", 300, 300, 200), Box("M", 450, 400, 300),
                       Box("L", 600, 500, 400)])
    tasks = lambda: len(os.listdir("/proc/self/task"))
    before = tasks()
    done = threading.Event()
    def work():
        for _ in range(3):
            pack_many(cols, catalog, threads=None)
        done.set()
    t = threading.Thread(target=work)
    t.start()
    most = 0
    while not done.is_set():
        most = max(most, tasks())
        time.sleep(0.001)
    t.join()
    # The calling thread is one of the workers: the others are what the call adds.
    print(_core.usable_cores(), most - before - 1)
""")


def run_child(cores: int) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(cores)], capture_output=True,
                         text=True, timeout=300, check=True)
    usable, started = out.stdout.split()
    return int(usable), int(started)


def test_usable_cores_is_the_affinity():
    assert _core.usable_cores() == len(os.sched_getaffinity(0))


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to limit to one")
def test_threads_none_starts_one_thread_a_core_the_process_may_use():
    usable, started = run_child(1)
    assert usable == 1
    assert started == 0  # the calling thread alone packs
    usable, started = run_child(2)
    assert usable == 2
    assert started == 1  # one worker beside it
