// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include <cstdio>

int main()
{
    std::puts("sociscopectl " SOCISCOPE_VERSION);
    return 0;
}
