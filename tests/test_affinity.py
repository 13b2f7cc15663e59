"""threads=None starts one thread for each core the process may run on (its CPU affinity, as
taskset, a container's cpuset or a batch scheduler sets it, and no more than its CPU quota),
not one for each core the machine has: on a machine shared that way, more threads than cores
only take turns."""

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


def run_child(cores: int, env=None) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(cores)], capture_output=True,
                         text=True, timeout=300, check=True,
                         env=None if env is None else {**os.environ, **env})
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


# The CPU quota (docker --cpus, a Kubernetes CPU limit) is read from the control groups: the
# files are laid out here as each hierarchy lays them out, under a root of their own.
def _tree(root, mountinfo: str, cgroup: str, files: dict[str, str]) -> str:
    (root / "proc/self").mkdir(parents=True)
    (root / "proc/self/mountinfo").write_text(mountinfo)
    (root / "proc/self/cgroup").write_text(cgroup)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return str(root)


V2 = "30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
V1 = ("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
      "32 31 0:29 {root} /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
      "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n")


@pytest.mark.parametrize("quotas, cores", [
    ({"kubepods": "max 100000", "kubepods/pod": "250000 100000", "kubepods/pod/c": "max 100000"}, 3),
    ({"kubepods": "max 100000", "kubepods/pod": "150000 100000", "kubepods/pod/c": "400000 100000"}, 2),
    ({"kubepods/pod/c": "50000 100000"}, 1),  # half a core still runs one thread
    ({"kubepods/pod/c": "max 100000"}, 0),
    ({"kubepods/pod/c": "garbage"}, 0),
    ({}, 0),
])
def test_the_least_quota_of_the_group_and_those_above_it(tmp_path, quotas, cores):
    files = {f"sys/fs/cgroup/{d}/cpu.max": q for d, q in quotas.items()}
    root = _tree(tmp_path, V2, "0::/kubepods/pod/c\n", files)
    assert _core.cpu_quota_cores(root) == cores


def test_a_v1_quota_in_a_container_without_its_own_cgroup_namespace(tmp_path):
    # The container sees its own group mounted at the hierarchy's folder, and its path as the
    # host names it: the quota is the one at the mount.
    group = "/docker/0123abcd"
    root = _tree(tmp_path, V1.format(root=group),
                 f"5:memory:{group}\n4:cpu,cpuacct:{group}\n0::/\n",
                 {"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "200000\n",
                  "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n"})
    assert _core.cpu_quota_cores(root) == 2


def test_a_v1_hierarchy_without_a_quota(tmp_path):
    root = _tree(tmp_path, V1.format(root="/"), "4:cpu,cpuacct:/\n0::/\n",
                 {"sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
                  "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n"})
    assert _core.cpu_quota_cores(root) == 0
    assert _core.cpu_quota_cores(str(tmp_path / "nothing-here")) == 0


def test_threads_none_is_no_more_than_the_quota():
    quota = _core.cpu_quota_cores()
    most = len(os.sched_getaffinity(0))
    assert _core.usable_cores() == (min(most, quota) if quota else most)


def test_numba_threads_none_follows_the_cores_the_core_counts(monkeypatch):
    # Numba reads the affinity alone: under a quota of one core, a consolidation's kernels
    # run one thread where threads=None, and Numba's own count is back after.
    import numba

    from cartonize._threads import numba_threads
    before = numba.get_num_threads()
    monkeypatch.setattr(_core, "usable_cores", lambda: 1)
    with numba_threads(None):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before


def test_mount_paths_written_with_escapes_are_read(tmp_path):
    # mountinfo writes a space as \040 and a backslash as \134 (systemd's "\x2d" in a unit's
    # name); the group's path in /proc/self/cgroup is written as it is.
    group = "/system.slice/app\\x2dweb.service"
    mountinfo = f"30 23 0:26 {group.replace(chr(92), chr(92) + '134')} /sys/fs/cgroup\\040v2 " \
                "rw - cgroup2 cgroup2 rw\n"
    root = _tree(tmp_path, mountinfo, f"0::{group}\n",
                 {"sys/fs/cgroup v2/cpu.max": "200000 100000"})
    assert _core.cpu_quota_cores(root) == 2


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to limit to one")
def test_threads_none_starts_no_more_threads_than_the_quota(tmp_path):
    # The whole way: a quota of one core laid out under CARTONIZE_CGROUP_ROOT (the root the
    # core reads the control groups under), two cores in the affinity: pack_many with
    # threads=None packs on the calling thread alone. (A review: the quota's wiring into
    # usable_cores was untested.)
    root = _tree(tmp_path, V2, "0::/limited\n", {"sys/fs/cgroup/limited/cpu.max":
                                                   "100000 100000"})
    cores = len(os.sched_getaffinity(0))
    usable, started = run_child(cores, {"CARTONIZE_CGROUP_ROOT": root})
    assert (usable, started) == (1, 0)
