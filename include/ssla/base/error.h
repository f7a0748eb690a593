// The one exception type for fatal errors, and the exit statuses of the tool.
#ifndef SSLA_ERROR_H_
#define SSLA_ERROR_H_

#include <stdexcept>
#include <string>

namespace ssla {

/// Exit statuses, as fixed by spec section 4.2.
enum ExitStatus : int {
  kExitOk = 0,           ///< success
  kExitCheckFailed = 1,  ///< `check` found a group with a goal that fails
  kExitUsage = 2,        ///< usage error or invalid policy
  kExitInput = 3,        ///< unreadable input, or the first bad row under --strict
};

/// A fatal error: caught once, in main, which prints what() as one line (or
/// several for policy errors: one per problem) on stderr and exits with
/// exit_status(). Never used for per-row control flow.
class Error : public std::runtime_error {
 public:
  Error(ExitStatus status, const std::string& message)
      : std::runtime_error(message), status_(status) {}

  /// The status main exits with.
  ExitStatus exit_status() const { return status_; }

 private:
  ExitStatus status_;
};

/// Shorthands for the three kinds of fatal error.
inline Error usage_error(const std::string& message) { return Error(kExitUsage, message); }
inline Error input_error(const std::string& message) { return Error(kExitInput, message); }

}  // namespace ssla

#endif  // SSLA_ERROR_H_
