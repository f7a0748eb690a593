// Reading a mapped file safely when it may shrink: a read of a page the
// file no longer has is a bus error (SIGBUS), which would end the program.
// Code that copies out of a mapping runs under run_catching_bus_errors(),
// which turns that signal into a false return. Used by the excerpt fetch
// (excerpt_store.cc), which then reads the same bytes with pread().
#ifndef SSLA_BUS_ERROR_GUARD_H_
#define SSLA_BUS_ERROR_GUARD_H_

namespace ssla {

/// True when SIGBUS can be caught: installs the handler on the first call
/// (process-wide; a bus error outside run_catching_bus_errors() goes to the
/// disposition from before, the default ending the program). False when
/// the handler could not be installed: then map nothing.
bool bus_errors_catchable();

/// Runs work(context) on the calling thread; false when a bus error cut it
/// short (whatever it wrote before stays written), true when it ran to its
/// end. `work` must own no resources across the memory reads that may
/// fault: it is left by a jump, without unwinding. Needs
/// bus_errors_catchable() to have returned true.
bool run_catching_bus_errors(void (*work)(void* context), void* context);

}  // namespace ssla

#endif  // SSLA_BUS_ERROR_GUARD_H_
