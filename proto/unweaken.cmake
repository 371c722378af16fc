# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: Sociscope contributors
# cmake -DIN=a.proto -DOUT=b.proto -P unweaken.cmake
# Writes IN to OUT with `import weak` made a plain `import`. containerd's
# .proto files import gogo.proto weakly (its options only matter to Go), and
# protoc's C++ generator aborts on weak imports in the open-source runtime; a
# plain import only adds gogo.proto's options as extensions, which C++ ignores.
file(READ "${IN}" text)
string(REPLACE "import weak " "import " text "${text}")
file(WRITE "${OUT}" "${text}")
