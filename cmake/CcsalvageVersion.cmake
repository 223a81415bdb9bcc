# The build identity printed by --version and recorded in manifests: the project version
# plus the git commit the binary was built from (or "unknown" outside a checkout). Written
# when CMake configures and again at every build (ccsalvage_build_info), since a build
# directory outlives many commits; the targets whose sources include it depend on that target.
set(CCSALVAGE_BUILD_INFO ${CMAKE_BINARY_DIR}/generated/ccsalvage/build_info.hpp)
set(CCSALVAGE_BUILD_INFO_ARGS
    -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
    -DOUTPUT=${CCSALVAGE_BUILD_INFO}
    -DPROJECT_VERSION=${PROJECT_VERSION}
    -DCMAKE_CXX_COMPILER_ID=${CMAKE_CXX_COMPILER_ID}
    -DCMAKE_CXX_COMPILER_VERSION=${CMAKE_CXX_COMPILER_VERSION}
    -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE})
execute_process(COMMAND ${CMAKE_COMMAND} ${CCSALVAGE_BUILD_INFO_ARGS} -P
                        ${CMAKE_SOURCE_DIR}/cmake/WriteBuildInfo.cmake)
add_custom_target(
  ccsalvage_build_info
  COMMAND ${CMAKE_COMMAND} ${CCSALVAGE_BUILD_INFO_ARGS} -P
          ${CMAKE_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${CCSALVAGE_BUILD_INFO}
  COMMENT "Build identity (git describe)"
  VERBATIM)
