# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# The SOCI zTOC format (core/soci), included from core/CMakeLists.txt so that the
# generated FlatBuffers headers belong to the same directory as sociscope_core.
# Debian's libflatbuffers-dev ships FlatBuffersConfig.cmake; flatbuffers-compiler ships flatc.

find_package(FlatBuffers CONFIG REQUIRED)
find_program(SOCISCOPE_FLATC flatc REQUIRED)

set(_soci_gen "${CMAKE_CURRENT_BINARY_DIR}/soci_generated")
set(_soci_schemas ztoc zinfo)
set(_soci_headers)
foreach(_schema IN LISTS _soci_schemas)
  add_custom_command(
    OUTPUT "${_soci_gen}/${_schema}_generated.h"
    COMMAND "${SOCISCOPE_FLATC}" --cpp -o "${_soci_gen}" "${CMAKE_CURRENT_SOURCE_DIR}/soci/${_schema}.fbs"
    DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/soci/${_schema}.fbs"
    COMMENT "flatc --cpp soci/${_schema}.fbs"
    VERBATIM)
  list(APPEND _soci_headers "${_soci_gen}/${_schema}_generated.h")
endforeach()

target_sources(sociscope_core PRIVATE
  ${_soci_headers}
  soci/rfc3339.cpp
  soci/toc_entries.cpp
  soci/tar_toc.cpp
  soci/zinfo.cpp
  soci/spans.cpp
  soci/span_reader.cpp
  soci/inflater.cpp
  soci/inflate_zlib.cpp
  soci/ztoc_reader.cpp
  soci/ztoc_writer.cpp
  soci/ztoc_limits.cpp
  soci/span_digester.cpp
  soci/ztoc_builder.cpp
  soci/index.cpp
  soci/index_manifest.cpp
  soci/prefetch.cpp
  soci/prefetch_publish.cpp
  soci/convert.cpp
)
# The generated code needs only the FlatBuffers headers (builder and verifier are header-only).
target_include_directories(sociscope_core PRIVATE "${_soci_gen}"
  $<TARGET_PROPERTY:flatbuffers::flatbuffers,INTERFACE_INCLUDE_DIRECTORIES>)
# buildZtoc hashes span digests on a second thread.
find_package(Threads REQUIRED)
target_link_libraries(sociscope_core PRIVATE Threads::Threads)

# Span inflation: zlib is the reference; ISA-L's igzip (Debian libisal-dev) is 2-3x
# faster on real layers and the default when present (soci/inflater.h, bench/README.md).
option(SOCISCOPE_WITH_ISAL "Inflate spans with ISA-L (libisal-dev)" ON)
if(SOCISCOPE_WITH_ISAL)
  pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
  target_sources(sociscope_core PRIVATE soci/inflate_isal.cpp)
  target_link_libraries(sociscope_core PRIVATE PkgConfig::ISAL)
  target_compile_definitions(sociscope_core PRIVATE SOCISCOPE_HAVE_ISAL)
endif()
