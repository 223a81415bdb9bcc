# Writes build_info.hpp (run as `cmake -P` at every build, and once when CMake configures):
# the git commit the sources are at now, so that a binary rebuilt after a commit does not
# carry the commit of the configure run into --version, manifests and reports. configure_file
# leaves the file untouched when nothing changed, so nothing is recompiled then.
# In: SOURCE_DIR, OUTPUT, PROJECT_VERSION, CMAKE_CXX_COMPILER_ID, CMAKE_CXX_COMPILER_VERSION,
# CMAKE_BUILD_TYPE.
execute_process(
  COMMAND git -C ${SOURCE_DIR} describe --always --dirty --abbrev=12
  OUTPUT_VARIABLE CCSALVAGE_GIT_DESCRIBE
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT CCSALVAGE_GIT_DESCRIBE)
  set(CCSALVAGE_GIT_DESCRIBE "unknown")
endif()
configure_file(${SOURCE_DIR}/src/core/build_info.hpp.in ${OUTPUT} @ONLY)
