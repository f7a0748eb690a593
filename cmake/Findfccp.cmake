# Finds fast-cpp-csv-parser as packaged by Debian (libfccp-dev): a single
# header, <libfccp/csv.h>, with no CMake config of its own.
find_path(FCCP_INCLUDE_DIR NAMES libfccp/csv.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(fccp REQUIRED_VARS FCCP_INCLUDE_DIR)
if(fccp_FOUND AND NOT TARGET fccp::fccp)
  add_library(fccp::fccp INTERFACE IMPORTED)
  set_target_properties(fccp::fccp PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${FCCP_INCLUDE_DIR}")
  find_package(Threads REQUIRED)
  target_link_libraries(fccp::fccp INTERFACE Threads::Threads)
endif()
