// SPDX-License-Identifier: GPL-2.0
/* The one place that instantiates our trace events (eq_trace.h). */
#define CREATE_TRACE_POINTS
#include "eq_trace.h"
