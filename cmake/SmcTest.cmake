# smc_add_test(NAME <name> KIND <unit|property|scenario|fuzz|lab>
#              SOURCES ... [LIBS ...] [LABELS ...] [ARGS ...] [TIMEOUT s])
# The one way a test enters ctest: every test carries its kind as a label (and any
# extra labels such as the world it runs in), so `ctest -L unit`, `ctest -L property`
# or `ctest -L lab` select exactly that kind.
set(SMC_TEST_KINDS unit property scenario fuzz lab)

function(smc_add_test name)
  cmake_parse_arguments(ARG "" "KIND;TIMEOUT" "SOURCES;LIBS;LABELS;ARGS" ${ARGN})
  if(NOT ARG_KIND IN_LIST SMC_TEST_KINDS)
    message(FATAL_ERROR "smc_add_test(${name}): KIND must be one of ${SMC_TEST_KINDS}")
  endif()
  if(ARG_SOURCES)
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} smc_doctest_main)
    set(cmd ${name} ${ARG_ARGS})
  else()
    set(cmd ${ARG_ARGS})
  endif()
  add_test(NAME ${name} COMMAND ${cmd} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_KIND};${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "SMC_SHARED_DIR=${SMC_SHARED_DIR};SMC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# smc_add_fuzz_target(NAME <name> SOURCES ... LIBS ... CORPUS <dir> [SECONDS n])
# A fuzz target defines LLVMFuzzerTestOneInput. With SMC_LIBFUZZER (clang) it is a
# libFuzzer binary run for a bounded time over its committed corpus; otherwise it is
# linked with a replay driver, and the ordinary test run feeds it every corpus file,
# so a crash input once committed is checked forever.
function(smc_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "CORPUS;SECONDS" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_SECONDS)
    set(ARG_SECONDS 20)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  if(SMC_LIBFUZZER)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set(work ${CMAKE_CURRENT_BINARY_DIR}/${name}-corpus)
    add_test(NAME ${name}
      COMMAND ${CMAKE_COMMAND} -E env bash -c
        "mkdir -p '${work}' && ./${name} -max_total_time=${ARG_SECONDS} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 '${work}' '${ARG_CORPUS}'"
      WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    math(EXPR limit "${ARG_SECONDS} + 120")
  else()
    target_link_libraries(${name} PRIVATE smc_fuzz_replay_main)
    add_test(NAME ${name} COMMAND ${name} ${ARG_CORPUS})
    set(limit 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "fuzz" TIMEOUT ${limit})
endfunction()
