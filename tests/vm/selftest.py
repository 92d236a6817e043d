#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Self-test of tests/vm/vm.py's console judging (no VM, no kernel).

    selftest.py

Replays console logs through vm.py's Run.on_console exactly as a VM's
console arrives, then asks what vm.py concluded: the splats it counts, the
reports it notes as known or expected, and its lockdep verdict. One line per case on stderr ("ok CASE" or
"not ok CASE: why"), then one line on stdout, "PASS vm-selftest (N cases)"
or "FAIL vm-selftest: CASE, ...", as tests/unit/run.sh reports it. Exit
status 1 if any case failed.

The pciehp report below has the layout and the locks and frames of Linux
6.12's own (lockdep's print_circular_bug(), 08-hot-unplug on the debug
kernel); addresses and offsets are made up.
"""

import importlib.util
import io
import os
import sys
import tempfile
import types

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("vm", os.path.join(HERE, "vm.py"))
vm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vm)

PCIEHP = r"""[  101.520001] ======================================================
[  101.520004] WARNING: possible circular locking dependency detected
[  101.520007] 6.12.118-eq-debug #1 Not tainted
[  101.520009] ------------------------------------------------------
[  101.520011] irq/24-pciehp/61 is trying to acquire lock:
[  101.520014] ffff888004c1a0d0 (&ctrl->reset_lock){++++}-{4:4}, at: pciehp_unconfigure_device+0x2c9/0x500
[  101.520040] 
               but task is already holding lock:
[  101.520043] ffffffff9b1e3f28 (pci_rescan_remove_lock){+.+.}-{4:4}, at: pciehp_unconfigure_device+0x1a3/0x500
[  101.520060] 
               which lock already depends on the new lock.

[  101.520064] 
               the existing dependency chain (in reverse order) is:
[  101.520067] 
               -> #1 (pci_rescan_remove_lock){+.+.}-{4:4}:
[  101.520073]        __mutex_lock+0x185/0x1a10
[  101.520077]        pciehp_configure_device+0x21/0x3b0
[  101.520081]        pciehp_handle_presence_or_link_change+0x3e5/0x4e0
[  101.520085]        pciehp_ist+0x2b4/0x3b0
[  101.520089]        irq_thread_fn+0x83/0x160
@SPLICE@[  101.520093]        irq_thread+0x216/0x3a0
[  101.520097]        kthread+0x2d5/0x3a0
[  101.520101]        ret_from_fork+0x34/0x70
[  101.520105]        ret_from_fork_asm+0x1a/0x30
[  101.520109] 
               -> #0 (&ctrl->reset_lock){++++}-{4:4}:
[  101.520115]        __lock_acquire+0x2ff8/0x5e90
[  101.520119]        lock_acquire+0x1b1/0x560
[  101.520123]        down_read_nested+0x9a/0x4d0
[  101.520127]        pciehp_unconfigure_device+0x2c9/0x500
[  101.520131]        pciehp_disable_slot+0x149/0x360
[  101.520135]        pciehp_handle_presence_or_link_change+0x100/0x4e0
[  101.520139]        pciehp_ist+0x2b4/0x3b0
[  101.520143]        irq_thread_fn+0x83/0x160
[  101.520147]        irq_thread+0x216/0x3a0
[  101.520151]        kthread+0x2d5/0x3a0
[  101.520155]        ret_from_fork+0x34/0x70
[  101.520159]        ret_from_fork_asm+0x1a/0x30
[  101.520163] 
               other info that might help us debug this:

[  101.520168]  Possible unsafe locking scenario:

[  101.520172]        CPU0                    CPU1
[  101.520174]        ----                    ----
[  101.520176]   lock(pci_rescan_remove_lock);
[  101.520179]                                lock(&ctrl->reset_lock);
[  101.520182]                                lock(pci_rescan_remove_lock);
[  101.520185]   rlock(&ctrl->reset_lock);
[  101.520188] 
                *** DEADLOCK ***

[  101.520192] 1 lock held by irq/24-pciehp/61:
[  101.520195]  #0: ffffffff9b1e3f28 (pci_rescan_remove_lock){+.+.}-{4:4}, at: pciehp_unconfigure_device+0x1a3/0x500
[  101.520203] 
               stack backtrace:
[  101.520207] CPU: 1 UID: 0 PID: 61 Comm: irq/24-pciehp Not tainted 6.12.118-eq-debug #1
[  101.520212] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014
[  101.520216] Call Trace:
[  101.520218]  <TASK>
[  101.520220]  dump_stack_lvl+0x6e/0xa0
[  101.520224]  print_circular_bug.cold+0x38/0x45
[  101.520228]  check_noncircular+0x2f4/0x3d0
[  101.520232]  __lock_acquire+0x2ff8/0x5e90
[  101.520236]  lock_acquire+0x1b1/0x560
[  101.520240]  down_read_nested+0x9a/0x4d0
[  101.520244]  pciehp_unconfigure_device+0x2c9/0x500
[  101.520248]  pciehp_disable_slot+0x149/0x360
[  101.520252]  pciehp_handle_presence_or_link_change+0x100/0x4e0
[  101.520256]  pciehp_ist+0x2b4/0x3b0
[  101.520260]  irq_thread_fn+0x83/0x160
[  101.520264]  irq_thread+0x216/0x3a0
[  101.520268]  kthread+0x2d5/0x3a0
[  101.520272]  ret_from_fork+0x34/0x70
[  101.520276]  ret_from_fork_asm+0x1a/0x30
[  101.520280]  </TASK>
"""

OUR_FRAME_LINE = "[  101.520091]        eq_netdev_event+0x5c/0x1f0 [e1000e_quirks]\n"

SLEEP_BUG = r"""[  101.520300] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:562
[  101.520304] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 61, name: irq/24-pciehp
[  101.520308] preempt_count: 1, expected: 0
[  101.520311] CPU: 1 UID: 0 PID: 61 Comm: irq/24-pciehp Not tainted 6.12.118-eq-debug #1
[  101.520315] Call Trace:
[  101.520317]  <TASK>
[  101.520319]  dump_stack_lvl+0x6e/0xa0
[  101.520323]  __might_resched.cold+0x1f1/0x234
[  101.520327]  </TASK>
"""

# TCG's own crash (seen on 6.12.117+deb12, scenario 14): a static key
# patched while another vCPU ran the old code.
INT3 = r"""[  312.104411] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI
[  312.104530] CPU: 0 UID: 0 PID: 402 Comm: ping Not tainted 6.12.117+deb12-amd64 #1  Debian 6.12.117-1~deb12u1
[  312.104601] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014
[  312.104650] RIP: 0010:secure_tcp_seq_and_ts_off+0x1/0x140
[  312.104700] Code: cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc 0f 1f 44 00 00
[  312.104751] Call Trace:
[  312.104760]  <TASK>
[  312.104770]  tcp_v4_connect+0x50b/0x5a0
[  312.104790]  </TASK>
[  312.104800] Modules linked in: e1000e@MODS@
[  312.104900] ---[ end trace 0000000000000000 ]---
[  312.105000] Kernel panic - not syncing: Fatal exception in interrupt
"""

LATER = "[  120.000001] e1000e 0000:01:00.0 eth0: NIC Link is Down\n"


def mark(t, text):
    return f"[{t:12.6f}] eq-harness: {text}\n"


class Case:
    """A Run of vm.py that reads lines instead of a VM."""

    def __init__(self, tmp, scenario="14-eee-pause"):
        args = types.SimpleNamespace(krel="6.12.118-eq-debug", logdir=tmp, timeout=0,
                                     ko=None, no_module=False, hotplug="auto", keep=False,
                                     scenarios="")
        self.run = vm.Run(args)
        self.run.log = io.StringIO()
        self.run.current = scenario
        self.run.kconfig = lambda line: True        # a lockdep kernel

    def feed(self, text):
        for line in text.splitlines():
            self.run.on_console(line)
        return self

    def end(self, ended=False):
        self.run.judge_pending()
        self.run.ended = ended
        return self

    @property
    def splats(self):
        return [first for _, first in self.run.splats]

    @property
    def notes(self):
        return self.run.log.getvalue()


def cases(tmp, scn_dir):
    """(name, check) pairs; check returns None (ok) or why it failed."""
    out = []

    def case(fn):
        out.append((fn.__name__, fn))
        return fn

    @case
    def pciehp_known_not_counted():
        c = Case(tmp).feed(PCIEHP.replace("@SPLICE@", "") + LATER).end()
        if c.splats:
            return f"counted: {c.splats}"
        if "known kernel report, not counted: " not in c.notes:
            return "no 'known kernel report' note"
        return None

    @case
    def pciehp_with_our_frame_counts():
        c = Case(tmp).feed(PCIEHP.replace("@SPLICE@", OUR_FRAME_LINE) + LATER).end()
        if len(c.splats) != 1 or "circular locking" not in c.splats[0]:
            return f"splats {c.splats}, want the circular locking report"
        return None

    @case
    def report_after_known_judged_alone():
        c = Case(tmp).feed(PCIEHP.replace("@SPLICE@", "") + SLEEP_BUG + LATER).end()
        if len(c.splats) != 1 or "sleeping function" not in c.splats[0]:
            return f"splats {c.splats}, want only the sleeping-function BUG"
        return None

    @case
    def report_inside_known_head_judged_alone():
        # a second report starting within the first KNOWN_LINES lines
        lines = PCIEHP.replace("@SPLICE@", "").splitlines(keepends=True)
        text = "".join(lines[:4]) + SLEEP_BUG + "".join(lines[4:])
        c = Case(tmp).feed(text + LATER).end()
        if not any("sleeping function" in s for s in c.splats):
            return f"splats {c.splats}: the sleeping-function BUG was absorbed"
        return None

    @case
    def two_known_reports_back_to_back():
        one = PCIEHP.replace("@SPLICE@", "")
        c = Case(tmp).feed(one + one + LATER).end()
        if c.splats or c.notes.count("known kernel report") != 2:
            return f"splats {c.splats}, known notes {c.notes.count('known kernel report')}"
        return None

    @case
    def hung_task_is_one_report():
        text = ("[  200.000001] INFO: task kworker/0:1:42 blocked for more than 30 seconds.\n"
                "[  200.000002]       Not tainted 6.12.118-eq-debug #1\n"
                "[  200.000003] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" "
                "disables this message.\n")
        c = Case(tmp).feed(text + LATER).end()
        if len(c.splats) != 1:
            return f"splats {c.splats}, want one"
        return None

    @case
    def tcg_int3_counts_without_module():
        # No retry any more: TCG's own int3 Oops with nothing of ours
        # loaded counts like any other crash.
        c = Case(tmp).feed(mark(300, "insmod e1000e_quirks") +
                           mark(301, "insmod e1000e_quirks done 0") +
                           mark(302, "rmmod e1000e_quirks") +
                           mark(303, "rmmod e1000e_quirks done 0") +
                           INT3.replace("@MODS@", "")).end()
        if hasattr(c.run, "boot_again"):
            return "vm.py boots again after a crash"
        if not c.splats or "Oops: int3" not in c.splats[0]:
            return f"splats {c.splats}, want the int3 Oops counted"
        return None

    @case
    def detector_expected_only_in_its_window():
        c = Case(tmp, "50-detectors")
        c.feed(mark(100, "expect lockdep") + PCIEHP.replace("@SPLICE@", OUR_FRAME_LINE) +
               mark(103, "expect end") + SLEEP_BUG + LATER).end()
        if len(c.splats) != 1 or "sleeping function" not in c.splats[0]:
            return f"splats {c.splats}, want only the report outside the window"
        if "lockdep" not in c.run.detected or c.run.extra:
            return f"detected {c.run.detected}, extra {c.run.extra}"
        return None

    @case
    def detector_silent_fails():
        c = Case(tmp, "50-detectors")
        c.feed(mark(100, "expect kfence") + LATER + mark(101, "expect end")).end()
        if not any("detector kfence stayed silent" in e for e in c.run.extra):
            return f"extra {c.run.extra}"
        return None

    @case
    def detector_with_only_another_report_fails():
        c = Case(tmp, "50-detectors")
        c.feed(mark(100, "expect uaf") + SLEEP_BUG + mark(101, "expect end")).end()
        if not any("uaf stayed silent" in e for e in c.run.extra):
            return f"splats {c.splats}, extra {c.run.extra}"
        return None

    @case
    def expect_outside_detector_scenario_fails():
        c = Case(tmp, "14-eee-pause")
        c.feed(mark(100, "expect lockdep") + PCIEHP.replace("@SPLICE@", OUR_FRAME_LINE) +
               mark(103, "expect end")).end()
        if not c.splats or not any("no '# detectors:' header" in e for e in c.run.extra):
            return f"splats {c.splats}, extra {c.run.extra}"
        return None

    @case
    def lockdep_killed_early_fails_naming_report():
        c = Case(tmp, "14-eee-pause").feed(PCIEHP.replace("@SPLICE@", "")).end(True)
        c.run.lockdep = [("boot", "1"), ("13-rings", "1"), ("14-eee-pause", "0"),
                         ("15-nic-entry", "0"), ("final", "0")]
        c.run.judge_lockdep()
        if not any("turned off during 14-eee-pause by: " in e and "circular" in e
                   for e in c.run.extra):
            return f"extra {c.run.extra}"
        return None

    @case
    def lockdep_killer_is_lockdeps_report():
        c = Case(tmp, "14-eee-pause")
        c.feed(SLEEP_BUG + LATER + PCIEHP.replace("@SPLICE@", "")).end(True)
        c.run.lockdep = [("boot", "1"), ("14-eee-pause", "0"), ("final", "0")]
        c.run.judge_lockdep()
        if not any("by: " in e and "circular" in e for e in c.run.extra):
            return f"extra {c.run.extra}"
        return None

    @case
    def lockdep_killed_by_last_scenario_ok():
        c = Case(tmp, "08-hot-unplug").feed(PCIEHP.replace("@SPLICE@", "")).end(True)
        c.run.lockdep = [("boot", "1"), ("50-detectors", "1"), ("08-hot-unplug", "0"),
                         ("final", "0")]
        c.run.judge_lockdep()
        if c.run.extra:
            return f"extra {c.run.extra}"
        c.run.lockdep = [("boot", "1"), ("08-hot-unplug", "1"), ("final", "1")]
        c.run.judge_lockdep()
        if c.run.extra or "debug_locks still 1" not in c.notes:
            return f"extra {c.run.extra}"
        return None

    @case
    def lockdep_without_final_line_fails():
        c = Case(tmp).end(True)
        c.run.lockdep = [("boot", "1")]
        c.run.judge_lockdep()
        if not any("no final debug_locks" in e for e in c.run.extra):
            return f"extra {c.run.extra}"
        return None

    @case
    def circular_on_other_locks_counted():
        # A circular-locking report on other locks than pciehp's allow-
        # listed pair counts, even with no frame of ours: the entry must
        # stay narrow (loosening it to "possible circular locking
        # dependency" fails here).
        other = (PCIEHP.replace("(&ctrl->reset_lock)", "(&adapter->reset_lock)")
                 .replace("(pci_rescan_remove_lock)", "(rtnl_mutex)")
                 .replace("@SPLICE@", ""))
        c = Case(tmp).feed(other + LATER).end()
        if len(c.splats) != 1 or "circular locking" not in c.splats[0]:
            return f"splats {c.splats}, want the circular report counted"
        c = Case(tmp).feed(PCIEHP.replace("(pci_rescan_remove_lock)", "(rtnl_mutex)")
                           .replace("@SPLICE@", "") + LATER).end()
        if len(c.splats) != 1:
            return f"splats {c.splats}: pciehp's frames with another lock must count"
        return None

    @case
    def kasan_cap_is_own_limits_times_factor():
        # 39's own '# timeout: 1200', times 5 on a CONFIG_KASAN kernel
        # (kconfig, not the plan's name: VM_PLAN=full keeps it)
        with open(os.path.join(scn_dir, "39-fault-inject.sh"), "w") as f:
            f.write("#!/bin/sh\n# timeout: 1200\n")
        c = Case(tmp)
        names = ["39-fault-inject"]
        cap = c.run.vm_cap(names, names + ["kmemleak-at-end"])
        want = vm.KASAN_SLOWDOWN * (vm.BOOT_BUDGET + 1200 + vm.RESULT_BUDGET)
        if cap != want or cap < vm.KASAN_SLOWDOWN * 1200:
            return f"KASAN cap {cap}, want {want}"
        c.run.kconfig = lambda line: line != "CONFIG_KASAN=y"
        cap = c.run.vm_cap(names, names + ["kmemleak-at-end"])
        if cap != vm.BOOT_BUDGET + 1200 + vm.RESULT_BUDGET:
            return f"cap {cap} without KASAN"
        return None

    @case
    def proof_runs_last():
        order = Case(tmp).run.run_order(["08-hot-unplug", "50-detectors", "14-eee-pause"])
        if order != ["14-eee-pause", "08-hot-unplug", "50-detectors"]:
            return f"order {order}, want the proof last"
        return None

    @case
    def one_proof_per_vm():
        # two '# detectors:' proofs in one VM: lockdep dies at the first
        groups = vm.one_proof_per_vm([["14-eee-pause", "50-detectors", "53-detectors-circular"]])
        if groups != [["14-eee-pause", "50-detectors"], ["53-detectors-circular"]]:
            return f"groups {groups}, want 53 in a VM of its own"
        return None

    @case
    def kmemleak_judged_before_the_proof():
        c = Case(tmp)
        extra = c.run.expected_extra(["14-eee-pause", "50-detectors"])
        if extra != ["kmemleak-before-50-detectors", "kmemleak-at-end"]:
            return f"expected extra {extra}"
        return None

    return out


# Mutations of vm.py that the cases above must catch (README.md, Tests):
# (what, text in vm.py, its replacement). Each is loaded as a module of
# its own and run through every case; one that passes them all is a FAIL.
MUTANTS = [
    ("the pciehp allow-list entry loosened to any circular report",
     '''("possible circular locking dependency", "(&ctrl->reset_lock)",
              "pciehp_unconfigure_device", "(pci_rescan_remove_lock)")''',
     '''("possible circular locking dependency",)'''),
    ("the KASAN factor keyed on the plan's name, not CONFIG_KASAN",
     '''f = KASAN_SLOWDOWN if self.kconfig("CONFIG_KASAN=y") else 1''',
     '''f = 1'''),
    ("the detectors' proof before the '# lockdep: last' scenarios",
     "+ last + proof", "+ proof + last"),
    ("two detectors' proofs in one VM",
     "out.append([n for n in g if n not in proofs[1:]])", "out.append(g)"),
    ("no kmemleak check before the proof's scans and clear",
     '''extra += [f"kmemleak-before-{n}" for n in names if self.expects_splats(n)]''',
     "pass"),
]


def mutant(old, new):
    path = os.path.join(HERE, "vm.py")
    with open(path) as f:
        src = f.read()
    if old not in src:
        return None
    mod = types.ModuleType("vm_mutant")
    mod.__file__ = path
    exec(compile(src.replace(old, new, 1), path, "exec"), mod.__dict__)
    return mod


def run_cases(tmp, quiet=False):
    """(cases run, names of those that failed) against the global vm."""
    failed, n = [], 0
    scn_dir = os.path.join(tmp, "scenarios")
    os.makedirs(scn_dir, exist_ok=True)
    for name, headers in (("08-hot-unplug", "# lockdep: last\n"),
                          ("14-eee-pause", ""), ("15-nic-entry", ""),
                          ("50-detectors", "# detectors: lockdep kfence uaf\n"),
                          ("53-detectors-circular", "# detectors: lockdep\n")):
        with open(os.path.join(scn_dir, name + ".sh"), "w") as f:
            f.write("#!/bin/sh\n" + headers)
    vm.SCENARIO_DIR = scn_dir
    for name, check in cases(tmp, scn_dir):
        n += 1
        try:
            why = check()
        except Exception as e:          # a crash of the judge is a failure too
            why = f"{type(e).__name__}: {e}"
        if why:
            failed.append(name)
        if not quiet:
            print(f"not ok {name}: {why}" if why else f"ok {name}", file=sys.stderr)
    return n, failed


def main():
    global vm
    real = vm
    with tempfile.TemporaryDirectory(prefix="eq-vm-selftest.") as tmp:
        n, failed = run_cases(tmp)
        for what, old, new in MUTANTS:
            vm = mutant(old, new)
            if vm is None:
                failed.append(f"mutant '{what}': its text is not in vm.py")
            else:
                _, caught = run_cases(tmp, quiet=True)
                print(f"{'ok' if caught else 'not ok'} mutant {what}: caught by "
                      f"{', '.join(caught) or 'no case'}", file=sys.stderr)
                if not caught:
                    failed.append(f"mutant '{what}' not caught")
            vm = real
    if failed:
        print(f"FAIL vm-selftest: {', '.join(failed)}")
        return 1
    print(f"PASS vm-selftest ({n} cases, {len(MUTANTS)} mutants of vm.py caught)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
