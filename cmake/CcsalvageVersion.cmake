# The build identity printed by --version and recorded in manifests: the project version
# plus the git commit the binary was built from (or "unknown" outside a checkout).
execute_process(
  COMMAND git -C ${CMAKE_SOURCE_DIR} describe --always --dirty --abbrev=12
  OUTPUT_VARIABLE CCSALVAGE_GIT_DESCRIBE
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT CCSALVAGE_GIT_DESCRIBE)
  set(CCSALVAGE_GIT_DESCRIBE "unknown")
endif()
configure_file(${CMAKE_SOURCE_DIR}/src/core/build_info.hpp.in
               ${CMAKE_BINARY_DIR}/generated/ccsalvage/build_info.hpp @ONLY)
