#include "ssla/base/bus_error_guard.h"

#include <setjmp.h>
#include <signal.h>

namespace ssla {

namespace {

// Where a bus error on this thread jumps to: the innermost
// run_catching_bus_errors() running on it, or none.
thread_local sigjmp_buf* bus_error_jump = nullptr;
struct sigaction previous_action;

extern "C" void on_bus_error(int) {
  if (bus_error_jump != nullptr) siglongjmp(*bus_error_jump, 1);
  // Not a guarded read's: the disposition from before; the faulting
  // instruction runs again when this returns, and faults under it.
  ::sigaction(SIGBUS, &previous_action, nullptr);
}

}  // namespace

bool bus_errors_catchable() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_handler = on_bus_error;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, &previous_action) == 0;
  }();
  return installed;
}

bool run_catching_bus_errors(void (*work)(void* context), void* context) {
  sigjmp_buf jump;
  sigjmp_buf* const outer = bus_error_jump;
  // The signal mask is saved and restored by the jump: the handler runs
  // with SIGBUS blocked, and a later bus error must be caught again.
  if (sigsetjmp(jump, 1) != 0) {
    bus_error_jump = outer;
    return false;
  }
  bus_error_jump = &jump;
  work(context);
  bus_error_jump = outer;
  return true;
}

}  // namespace ssla
