// Ctrl-C while the core runs without the GIL: Interruptible installs, for as long as it lives,
// a process-wide SIGINT handler that raises the cancel flag the core checks and passes the
// interrupt on to Python; raise_interrupt() turns a cancelled call into KeyboardInterrupt.
#pragma once
#include <atomic>
#include <cstdint>

namespace cartonize::bindings {

// Orders this small finish in well under a second: they skip the handler (two system calls),
// unless the exact search may run past this many nodes a box (the default 10,000 take
// milliseconds; a budget of millions, seconds or minutes).
constexpr int64_t kInterruptibleCopies = 200;
constexpr int64_t kInterruptibleNodes = 100000;

// Python's own SIGINT handler only sets a flag that the interpreter reads between bytecodes,
// which never come while the core runs. So while any long call runs, a handler of ours takes
// SIGINT: it raises the cancel flag the packer checks per copy, and passes the interrupt on to
// Python (PyErr_SetInterrupt may be called from a signal handler), which raises
// KeyboardInterrupt once the call returns. Calls nest and overlap across threads: the first
// installs, the last restores. A SIGINT that Python ignores (SIG_IGN) stays ignored; only a
// call in the main thread under Python's own handler (default_int_handler) installs one.
class Interruptible {
 public:
  Interruptible();
  ~Interruptible();
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;
  // The cancel flag to put in PackOptions::cancel (null where Ctrl-C is not this call's:
  // outside the main thread, or under an application's own SIGINT handler).
  const std::atomic<bool>* flag() const;

 private:
  bool active_;
};

// After a call cancelled by Ctrl-C, with the GIL held: Python's handler runs now (by
// default raising KeyboardInterrupt); if it raises nothing, KeyboardInterrupt all the same,
// since the call's result is incomplete.
[[noreturn]] void raise_interrupt();

}  // namespace cartonize::bindings
