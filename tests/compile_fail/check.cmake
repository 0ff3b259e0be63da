# Compiles one snippet of tests/compile_fail against the public headers and checks the outcome
# its `// expect:` line names: `compiles` (a positive control, so a broken harness cannot pass),
# or a substring the compiler's error output must contain.
#   cmake -DCOMPILER=... -DSOURCE=... -DINCLUDES="dir1|dir2" -P check.cmake
foreach(var COMPILER SOURCE INCLUDES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check.cmake: ${var} is not set")
  endif()
endforeach()

file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect: ")
list(LENGTH expect_lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "${SOURCE}: needs exactly one `// expect:` line, found ${count}")
endif()
string(REGEX REPLACE "^// expect: " "" expected "${expect_lines}")

string(REPLACE "|" ";" include_dirs "${INCLUDES}")
set(flags -std=c++20 -fsyntax-only -fdiagnostics-color=never)
foreach(dir IN LISTS include_dirs)
  if(dir)
    list(APPEND flags "-I${dir}")
  endif()
endforeach()
# The C locale: GCC quotes names with ASCII apostrophes there, whatever the caller's locale.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env LC_ALL=C "${COMPILER}" ${flags} "${SOURCE}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)

if(expected STREQUAL "compiles")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SOURCE} should compile but did not:\n${out}")
  endif()
  message(STATUS "${SOURCE} compiles, as expected")
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but should fail with \"${expected}\"")
endif()
string(FIND "${out}" "${expected}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SOURCE} failed to compile, but without \"${expected}\":\n${out}")
endif()
message(STATUS "${SOURCE} fails with \"${expected}\", as expected")
