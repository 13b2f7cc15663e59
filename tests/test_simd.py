"""The placement kernel's SIMD levels: every level this CPU runs, forced with CARTONIZE_SIMD in
a process of its own, places every copy exactly as the level chosen here does, on the bundled
sample and on orders Hypothesis draws; a level the CPU lacks, or no level at all, fails the
import with a message that names it; and a CPU without AVX (emulated by qemu, where installed)
imports the module, runs the baseline and places alike."""

import base64
import inspect
import os
import pickle
import platform
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cartonize
from cartonize import _core, datasets, pack_many

from strategies import catalogs, items

LEVELS = ("baseline", "avx2", "avx512")
RUNS = _core.simd_levels()  # narrowest first; the baseline is "neon" on aarch64


def answer(orders, catalog):
    """What a level is held to: each order's boxes and proof, and every placement."""
    table, placed = pack_many(orders, catalog, threads=1, placements=True)
    return ({k: np.asarray(table[k]).tolist() for k in ("order_id", "n_boxes", "box_ids", "proof")},
            {k: np.asarray(v).tolist() for k, v in placed.items()})


# A process that gives the answer for what it reads on stdin (pickled, a line each).
WORKER = ("import base64, pickle, sys\nimport numpy as np\nfrom cartonize import pack_many, simd\n"
          + inspect.getsource(answer) + """
print(simd(), flush=True)
for line in sys.stdin:
    orders, catalog = pickle.loads(base64.b64decode(line))
    print(base64.b64encode(pickle.dumps(answer(orders, catalog))).decode(), flush=True)
""")


def _env(level):
    return dict(os.environ, CARTONIZE_SIMD=level)


def _level(name):
    """Skips a level this CPU (or this build) does not run, saying so."""
    if name == "baseline" or name in RUNS:
        return name
    pytest.skip(f"this CPU does not run {name} (it runs {', '.join(RUNS)})")


class Worker:
    """A Python process with CARTONIZE_SIMD=level that packs what it is sent."""

    def __init__(self, level):
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], env=_env(level),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     cwd="/")
        self.simd = self.proc.stdout.readline().strip()

    def ask(self, orders, catalog):
        self.proc.stdin.write(base64.b64encode(pickle.dumps((orders, catalog))).decode() + "\n")
        self.proc.stdin.flush()
        return pickle.loads(base64.b64decode(self.proc.stdout.readline()))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def workers():
    started = {}
    yield lambda level: started.get(level) or started.setdefault(level, Worker(level))
    for w in started.values():
        w.close()


def test_simd_names_the_level_that_runs():
    assert cartonize.simd() in RUNS
    assert "simd" in cartonize.__all__
    forced = os.environ.get("CARTONIZE_SIMD")
    if not forced:  # unforced, the widest the CPU runs
        assert cartonize.simd() == RUNS[-1]
    assert set(RUNS) <= {"baseline", "avx2", "avx512", "neon"}


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_places_the_sample_alike(level, workers):
    worker = workers(_level(level))
    assert worker.simd == ("neon" if RUNS == ("neon",) else level)
    catalog = datasets.sample_catalog()
    for orientation in ("any", "upright"):
        orders = datasets.sample_orders(orientation)
        assert worker.ask(orders, catalog) == answer(orders, catalog)


def _batch(orders):
    """Columns for pack_many of several item lists, one order each."""
    rows = [(k, it) for k, order in enumerate(orders) for it in order]
    cols = {"order_id": np.array([k for k, _ in rows], dtype=np.int64)}
    for name in ("length", "width", "height", "weight", "quantity"):
        cols[name] = np.array([getattr(it, name) for _, it in rows], dtype=np.int64)
    cols["orientation"] = np.array([it.orientation for _, it in rows], dtype=object)
    return cols


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(orders=st.lists(items(max_lines=12, max_copies=60), min_size=1, max_size=6),
       catalog=catalogs(max_boxes=8),
       level=st.sampled_from([lv for lv in LEVELS if lv in RUNS or lv == "baseline"]))
def test_each_level_places_drawn_orders_alike(workers, orders, catalog, level):
    # Levels this CPU does not run are not drawn (the sample test says which are skipped).
    cols = _batch(orders)
    if not len(cols["order_id"]):
        return
    assert workers(level).ask(cols, catalog) == answer(cols, catalog)


def _import_fails(level, runner=()):
    code = "import cartonize"
    out = subprocess.run([*runner, sys.executable, "-c", code], env=_env(level),
                         capture_output=True, text=True, cwd="/")
    assert out.returncode != 0
    return out.stderr.strip().splitlines()[-1]


def test_a_name_that_is_no_level_fails_the_import_naming_it():
    message = _import_fails("sse9")
    assert message.startswith("ImportError: CARTONIZE_SIMD='sse9' is not a SIMD level")
    assert "baseline, avx2 or avx512" in message and RUNS[-1] in message


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64")
def test_neon_on_x86_is_said_to_be_another_architectures_level():
    message = _import_fails("neon")
    assert message.startswith("ImportError: CARTONIZE_SIMD=neon, but neon is the level of "
                              "aarch64 CPUs, and this is an x86-64 build")
    assert RUNS[-1] in message


def test_a_level_this_cpu_lacks_fails_the_import_naming_what_it_runs():
    lacking = [name for name in ("avx2", "avx512") if name not in RUNS]
    if not lacking:
        pytest.skip("this CPU runs every level (the qemu test below checks a CPU without AVX)")
    message = _import_fails(lacking[-1])
    assert f"CARTONIZE_SIMD={lacking[-1]}, but" in message
    assert message.endswith("it runs " + ", ".join(RUNS))


QEMU = shutil.which("qemu-x86_64")
# A CPU of 2010: SSE4.2, no AVX (numpy's own baseline still runs on it). OpenBLAS, which numpy
# loads, picks its kernels on its own and under qemu-user on some hosts (seen on AMD EPYC) picks
# one Westmere lacks: OPENBLAS_CORETYPE, its documented override, names the emulated CPU.
OLD_CPU = ("env", "OPENBLAS_CORETYPE=Nehalem", "qemu-x86_64", "-cpu", "Westmere")
needs_qemu = pytest.mark.skipif(
    QEMU is None or platform.machine() != "x86_64" or sys.platform != "linux",
    reason="needs qemu-x86_64 (apt install qemu-user) on x86-64 Linux to emulate a CPU "
           "without AVX")


@needs_qemu
def test_a_cpu_without_avx_runs_the_baseline_and_places_alike():
    code = ("import pickle, sys, numpy as np, cartonize\n"
            "from cartonize import datasets, pack_many\n" + inspect.getsource(answer) +
            "print(cartonize.simd(), cartonize._core.simd_levels())\n"
            "sys.stdout.flush()\n"
            "out = [answer(datasets.sample_orders(o), datasets.sample_catalog())"
            " for o in ('any', 'upright')]\n"
            "sys.stdout.buffer.write(pickle.dumps(out))\n")
    env = {k: v for k, v in os.environ.items() if k != "CARTONIZE_SIMD"}
    out = subprocess.run([*OLD_CPU, sys.executable, "-c", code], env=env,
                         capture_output=True, cwd="/", timeout=600)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    first, _, rest = out.stdout.partition(b"\n")
    assert first.decode() == "baseline ('baseline',)"
    here = [answer(datasets.sample_orders(o), datasets.sample_catalog())
            for o in ("any", "upright")]
    assert pickle.loads(rest) == here


@needs_qemu
def test_a_cpu_without_avx_refuses_a_forced_avx2_naming_what_it_runs():
    message = _import_fails("avx2", runner=OLD_CPU)
    assert message == ("ImportError: CARTONIZE_SIMD=avx2, but this CPU (or its operating "
                       "system) does not run AVX2 with BMI2 and FMA; it runs baseline")


@pytest.mark.parametrize("how", ["script", "-m"])
def test_the_program_refuses_a_level_in_one_line(how):
    # The library raises the ImportError; the program (its script or python -m cartonize)
    # says the same in one line, exit 2, even for --help.
    script = shutil.which("cartonize", path=os.path.dirname(sys.executable))
    if how == "script" and script is None:
        pytest.skip("the cartonize script is not beside this Python")
    argv = [script] if how == "script" else [sys.executable, "-m", "cartonize"]
    out = subprocess.run([*argv, "--help"], env=_env("sse9"), capture_output=True, text=True,
                         cwd="/")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.splitlines() == [
        "cartonize: CARTONIZE_SIMD='sse9' is not a SIMD level: use baseline, avx2 or avx512, "
        f"or leave it unset for the widest this CPU runs ({', '.join(RUNS)})"]


def test_a_script_with_the_words_dash_m_cartonize_still_gets_the_import_error(tmp_path):
    # Only the program says it in one line and exits: a library user's script, whatever its
    # own arguments, gets the ImportError to handle.
    script = tmp_path / "lib.py"
    script.write_text("try:\n    import cartonize\nexcept ImportError as e:\n"
                      "    print('caught:', str(e).split(':')[0])\n")
    out = subprocess.run([sys.executable, str(script), "-m", "cartonize"], env=_env("sse9"),
                         capture_output=True, text=True, cwd="/")
    assert out.returncode == 0
    assert out.stdout == "caught: CARTONIZE_SIMD='sse9' is not a SIMD level\n"
