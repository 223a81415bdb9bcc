# Warnings are errors in every target of the project (never in third-party headers,
# which CMake passes as system includes).
function(ccsalvage_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
    -Werror)
endfunction()
# -Wnull-dereference is left out on purpose: GCC 12 reports it inside libstdc++ after inlining
# CLI11, a false positive we cannot silence at its source.
