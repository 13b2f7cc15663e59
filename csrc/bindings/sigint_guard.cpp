// The process-wide SIGINT handler of sigint_guard.hpp: installed by the first Interruptible,
// restored by the last, on POSIX (sigaction) and Windows (signal).
#include "sigint_guard.hpp"

#include <pybind11/pybind11.h>

#include <csignal>
#include <cstring>
#include <mutex>

namespace py = pybind11;

namespace cartonize::bindings {

namespace {

std::atomic<bool> g_cancel{false};
std::mutex g_sigint_mutex;
int g_sigint_depth = 0;
bool g_sigint_ours = false;
#ifdef _WIN32
void (*g_previous)(int) = nullptr;
#else
struct sigaction g_previous;
// SIGTERM where the command line handles it (as Ctrl-C): taken too, or a run in the core
// would outlive `timeout`, `docker stop` or systemd. Another program's handler (a server's
// graceful stop) is left to run once the call returns, the call finished.
bool g_sigterm_ours = false;
struct sigaction g_previous_term;

extern "C" void on_sigterm(int) {
  g_cancel.store(true);
  PyErr_SetInterruptEx(SIGTERM);  // Python's SIGTERM handler runs once the call returns
}
#endif

extern "C" void on_sigint(int) {
  g_cancel.store(true);
  PyErr_SetInterrupt();
}

}  // namespace

namespace {

// Whether Ctrl-C means KeyboardInterrupt here, as Python would deliver it: in the main thread,
// with Python's own SIGINT handler in place (or asyncio's runner's, which stands in for it).
// An application's handler (a server's graceful stop) is left to run once the call returns,
// and a call in another thread is not cut short (Python never raises KeyboardInterrupt
// there). With the GIL held.
bool python_interrupts() {
  try {
    py::module_ threading = py::module_::import("threading");
    if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return false;
    py::module_ signal = py::module_::import("signal");
    py::object handler = signal.attr("getsignal")(signal.attr("SIGINT"));
    if (handler.is(signal.attr("default_int_handler"))) return true;
    // asyncio's runner installs functools.partial(runner._on_sigint, main_task=...).
    py::object owner = py::getattr(py::getattr(handler, "func", handler), "__self__",
                                   py::none());
    return !owner.is_none() &&
           py::str(py::type::of(owner).attr("__module__")).cast<std::string>() ==
               "asyncio.runners";
  } catch (const py::error_already_set&) {
    return false;
  }
}

#ifndef _WIN32
// Whether SIGTERM's Python handler says it stops a run as Ctrl-C does: the command line's,
// marked `cancels_calls` (cartonize.cli.program._terminated).
bool python_handles_sigterm() {
  try {
    py::module_ signal = py::module_::import("signal");
    py::object handler = signal.attr("getsignal")(signal.attr("SIGTERM"));
    return PyCallable_Check(handler.ptr()) != 0 &&
           py::bool_(py::getattr(handler, "cancels_calls", py::bool_(false)));
  } catch (const py::error_already_set&) {
    return false;
  }
}
#endif

}  // namespace

Interruptible::Interruptible() : active_(python_interrupts()) {
  if (!active_) return;
#ifndef _WIN32
  const bool term = python_handles_sigterm();
#endif
  std::lock_guard<std::mutex> lock(g_sigint_mutex);
  if (g_sigint_depth++ > 0) return;
#ifndef _WIN32
  if (term) {
    struct sigaction act;
    std::memset(&act, 0, sizeof act);
    act.sa_handler = on_sigterm;
    sigemptyset(&act.sa_mask);
    g_sigterm_ours = sigaction(SIGTERM, &act, &g_previous_term) == 0;
  }
#endif
  g_cancel = false;
#ifdef _WIN32
  g_previous = std::signal(SIGINT, on_sigint);
  g_sigint_ours = g_previous != SIG_IGN && g_previous != SIG_ERR;
  if (!g_sigint_ours && g_previous != SIG_ERR) std::signal(SIGINT, g_previous);
#else
  struct sigaction act;
  std::memset(&act, 0, sizeof act);
  act.sa_handler = on_sigint;
  sigemptyset(&act.sa_mask);
  g_sigint_ours = sigaction(SIGINT, &act, &g_previous) == 0;
  if (g_sigint_ours && g_previous.sa_handler == SIG_IGN) {
    sigaction(SIGINT, &g_previous, nullptr);
    g_sigint_ours = false;
  }
#endif
}

Interruptible::~Interruptible() {
  if (!active_) return;
  std::lock_guard<std::mutex> lock(g_sigint_mutex);
  if (--g_sigint_depth > 0) return;
#ifndef _WIN32
  if (g_sigterm_ours) sigaction(SIGTERM, &g_previous_term, nullptr);
  g_sigterm_ours = false;
#endif
  if (!g_sigint_ours) return;
#ifdef _WIN32
  std::signal(SIGINT, g_previous);
#else
  sigaction(SIGINT, &g_previous, nullptr);
#endif
  g_sigint_ours = false;
}

const std::atomic<bool>* Interruptible::flag() const { return active_ ? &g_cancel : nullptr; }

void raise_interrupt() {
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  PyErr_SetNone(PyExc_KeyboardInterrupt);
  throw py::error_already_set();
}

}  // namespace cartonize::bindings
