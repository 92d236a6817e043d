/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of e1000e_quirks, usable from tracefs
 * (events/e1000e_quirks/), trace-cmd, perf and bpftrace.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM e1000e_quirks

#if !defined(E1000E_QUIRKS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define E1000E_QUIRKS_TRACE_H

#include <linux/tracepoint.h>

#ifndef EQ_ASSIGN_STR
/* 6.10: __assign_str() takes the source from __string() alone. */
#ifdef HAVE_ASSIGN_STR_ONE_ARG
#define EQ_ASSIGN_STR(dst, src) do { (void)(src); __assign_str(dst); } while (0)
#else
#define EQ_ASSIGN_STR(dst, src) __assign_str(dst, src)
#endif
#endif

/* The core TX watchdog timed out a queue of a matched NIC. */
TRACE_EVENT(watchdog_reset,
	TP_PROTO(const char *ifname, const char *pci, int queue,
		 unsigned long resets, const char *mode, const char *action),
	TP_ARGS(ifname, pci, queue, resets, mode, action),
	TP_STRUCT__entry(
		__string(ifname, ifname)
		__string(pci, pci)
		__field(int, queue)
		__field(unsigned long, resets)
		__string(mode, mode)
		__string(action, action)
	),
	TP_fast_assign(
		EQ_ASSIGN_STR(ifname, ifname);
		EQ_ASSIGN_STR(pci, pci);
		__entry->queue = queue;
		__entry->resets = resets;
		EQ_ASSIGN_STR(mode, mode);
		EQ_ASSIGN_STR(action, action);
	),
	TP_printk("ifname=%s pci=%s queue=%d resets=%lu mode=%s action=%s",
		  __get_str(ifname), __get_str(pci), __entry->queue,
		  __entry->resets, __get_str(mode), __get_str(action))
);

/*
 * The reconciler changed (or failed to change) a NIC. @tunables: every
 * field of the table of tunables (include/e1000e_quirks/tunable_list.h),
 * "name=value" each, the value the module has set or "-" (reconcile.c,
 * eq_trace_apply()), so that a new tunable needs nothing here.
 */
TRACE_EVENT(apply,
	TP_PROTO(const char *ifname, const char *pci, const char *why,
		 u64 features_before, u64 features_after, const char *off,
		 const char *restored, const char *tunables, int result),
	TP_ARGS(ifname, pci, why, features_before, features_after, off,
		restored, tunables, result),
	TP_STRUCT__entry(
		__string(ifname, ifname)
		__string(pci, pci)
		__string(why, why)
		__field(u64, features_before)
		__field(u64, features_after)
		__string(off, off)
		__string(restored, restored)
		__string(tunables, tunables)
		__field(int, result)
	),
	TP_fast_assign(
		EQ_ASSIGN_STR(ifname, ifname);
		EQ_ASSIGN_STR(pci, pci);
		EQ_ASSIGN_STR(why, why);
		__entry->features_before = features_before;
		__entry->features_after = features_after;
		EQ_ASSIGN_STR(off, off);
		EQ_ASSIGN_STR(restored, restored);
		EQ_ASSIGN_STR(tunables, tunables);
		__entry->result = result;
	),
	TP_printk("ifname=%s pci=%s why=%s features=%#llx->%#llx off=\"%s\" restored=\"%s\" %s result=%d",
		  __get_str(ifname), __get_str(pci), __get_str(why),
		  __entry->features_before, __entry->features_after,
		  __get_str(off), __get_str(restored), __get_str(tunables),
		  __entry->result)
);

/* mode=on-hang took another step of its remedies after TX watchdog resets. */
TRACE_EVENT(escalate,
	TP_PROTO(const char *ifname, const char *pci, unsigned int from,
		 unsigned int to, unsigned long resets),
	TP_ARGS(ifname, pci, from, to, resets),
	TP_STRUCT__entry(
		__string(ifname, ifname)
		__string(pci, pci)
		__field(unsigned int, from)
		__field(unsigned int, to)
		__field(unsigned long, resets)
	),
	TP_fast_assign(
		EQ_ASSIGN_STR(ifname, ifname);
		EQ_ASSIGN_STR(pci, pci);
		__entry->from = from;
		__entry->to = to;
		__entry->resets = resets;
	),
	TP_printk("ifname=%s pci=%s from=%u to=%u resets=%lu",
		  __get_str(ifname), __get_str(pci), __entry->from,
		  __entry->to, __entry->resets)
);

#endif /* E1000E_QUIRKS_TRACE_H */

/* Relative to the -I of our src/ folder: absolute paths break (gnu11). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE eq_trace
#include <trace/define_trace.h>
