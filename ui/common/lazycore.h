// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/lazy for Qt code: core names methods emit() (FetchEvents, LayerReader)
// and Qt defines emit as a macro, so its headers are read with the macro
// set aside. Include this instead of core's lazy headers in ui/.
#pragma once

#pragma push_macro("emit")
#undef emit
#include "lazy/lazy_image.h"
#include "lazy/selection_cost.h"
#pragma pop_macro("emit")
