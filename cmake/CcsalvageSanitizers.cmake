# The sanitizer build (ASan + UBSan) applies to every target, tests included, so that
# the whole suite runs under it. UBSan findings abort, so a finding fails the test.
if(CCSALVAGE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
