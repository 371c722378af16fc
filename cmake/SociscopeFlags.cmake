# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# One INTERFACE target with the flags every target links.

add_library(sociscope_flags INTERFACE)
target_compile_features(sociscope_flags INTERFACE cxx_std_20)
target_compile_options(sociscope_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-missing-field-initializers>)
target_compile_definitions(sociscope_flags INTERFACE _FILE_OFFSET_BITS=64)

# Extra definitions for code that uses Qt (ui, app/sociscope, Qt tests).
add_library(sociscope_qt_flags INTERFACE)
target_link_libraries(sociscope_qt_flags INTERFACE sociscope_flags)
target_compile_definitions(sociscope_qt_flags INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_USE_QSTRINGBUILDER QT_NO_URL_CAST_FROM_STRING)

set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET default)
