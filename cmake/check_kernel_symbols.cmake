# Run by CMakeLists.txt after the core library is built: a build of the placement kernel
# (csrc/extreme_points.cpp, compiled once per SIMD level) may define no symbol outside its
# own namespace. Were it to define an inline function or template that other files define too
# (std::vector's growth, say), the linker would keep one of the copies for every caller, and
# the baseline build could end up calling code compiled for AVX2.
#   cmake -DNM=nm -DNAMESPACE=simd_avx2 "-DOBJECTS=a.o;b.o" -P check_kernel_symbols.cmake
foreach(obj IN LISTS OBJECTS)
  execute_process(COMMAND "${NM}" -C --defined-only "${obj}" OUTPUT_VARIABLE out
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} could not read ${obj}: ${err}")
  endif()
  string(REPLACE "\n" ";" lines "${out}")
  foreach(line IN LISTS lines)
    # "address type name": an upper-case type (or u) is a global or weak definition.
    if(line MATCHES "^[0-9a-fA-F]* [A-Zu] (.*)$")
      set(name "${CMAKE_MATCH_1}")
      if(NOT name MATCHES "cartonize::${NAMESPACE}::")
        message(FATAL_ERROR "the ${NAMESPACE} build of the placement kernel defines "
                "'${name}' outside its namespace (${obj}): it could replace another build's copy")
      endif()
    endif()
  endforeach()
endforeach()
