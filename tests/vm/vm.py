#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run the VM scenarios against one kernel release.

    vm.py KREL --logdir DIR [--scenarios '01 11'] [--timeout 600] [--no-module]
    vm.py --judge-log CONSOLE.LOG   (the splat judge alone, for other boots)
    vm.py --qemu-args               (QEMU's -accel and -cpu, for other boots)

Scenarios with a "# kernels: ..." header line run only on those kernels
(oldest/newest of tests/kernels.sh, or release prefixes; see README.md).

1. tests/fetch-kernel.sh KREL (cached kernel image; installs headers if needed)
2. builds e1000e_quirks.ko for KREL from a copy of the working tree
   (tests/kbuild.sh KREL <copy>: make -C /lib/modules/KREL/build M=<copy> modules,
   on the host or in the trixie chroot)
3. tests/vm/mkinitramfs.sh
4. boots QEMU (q35, TCG, two e1000e NICs on one hubport hub, each behind its
   own pcie-root-port), serves the guest's @@HOST requests over QMP, and
   scans the console for kernel splats.

Prints one line per scenario, "PASS KREL NN-name" or "FAIL KREL NN-name: ...",
plus one FAIL line per kernel-level problem (module build, splat, VM timeout,
VM died). Exit status 0 only if everything passed.
Files in DIR: KREL.console.log (console + [host] notes), KREL.build.log.
"""

import argparse
import json
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
STANDIN_SRC = os.path.join(REPO, "tests", "standin")
BUGS_SRC = os.path.join(REPO, "tests", "debug", "bugs")
SCENARIO_DIR = os.environ.get("SCENARIO_DIR", os.path.join(HERE, "scenarios"))

# Console lines that fail the kernel's run. Case-sensitive on purpose:
# "kfence: initialized" at boot is fine, "BUG: KFENCE: ..." is not.
# The debug kernels (tests/debug-kernel.sh) add their own words: lockdep,
# KASAN and sleep-in-atomic reports start with WARNING:/BUG:, UBSAN and
# DEBUG_OBJECTS ones with "UBSAN:" and "ODEBUG:". kmemleak's own line
# ("N new suspected memory leaks") is not one: init's kmemleak_check fails
# only on leaks allocated through our module.
SPLAT = re.compile(
    r"BUG:|WARNING:|Oops|KFENCE|soft lockup|hard LOCKUP|hung_task"
    r"|blocked for more than|Kernel panic|UBSAN:|ODEBUG:"
)
KTIME = re.compile(r"\[\s*(\d+\.\d{6})\]")
# The first line of a report (after the timestamp and an optional caller id
# "[  T123]"): a SPLAT line inside a report that is not one of these (the
# hung-task report's "hung_task_timeout_secs" hint, a "KFENCE" in a body) is
# part of the report; one of these starts a new report, judged on its own.
REPORT_HEAD = re.compile(
    r"^\[\s*\d+\.\d{6}\](\[\s*[TC]\d+\])?\s*(\S+: )?"
    r"(BUG:|WARNING:|Oops|UBSAN:|ODEBUG:|Kernel panic|INFO: task .* blocked for more than"
    r"|.*soft lockup|.*hard LOCKUP)")

# Reports of the kernel's own that the debug kernels print on every run are
# noted in the console log, not counted. An entry: strings that must all be
# in the report's first KNOWN_LINES lines after the header ("head"), strings
# that must all be somewhere in the report ("body"). A frame of ours
# (OUR_FRAME) anywhere in the report makes it count, whatever the entry.
# A report ends where the next one begins (REPORT_HEAD), REPORT_SECS of
# kernel time after its first line, or after REPORT_LINES lines. Keep each
# entry narrow and say why.
KNOWN_LINES = 8
REPORT_LINES = 400
REPORT_SECS = 2.0
KNOWN_SPLATS = [
    # Linux 6.12 pciehp: removing a device in pciehp_unconfigure_device()
    # takes pci_rescan_remove_lock, then ctrl->reset_lock; lockdep reports
    # the inversion on the first hot-unplug (08-hot-unplug), with or
    # without e1000e_quirks loaded; only pciehp frames in the chain. The
    # lockdep kernels use ACPI hotplug (Run.hotplug), so only a run with
    # VM_HOTPLUG=pciehp there meets it.
    {"head": ("possible circular locking dependency", "(&ctrl->reset_lock)",
              "pciehp_unconfigure_device", "(pci_rescan_remove_lock)"),
     "body": ()},
]
# A frame or RIP in our modules (the test-only stand-in counts as ours).
OUR_FRAME = re.compile(r"\[e1000e_(quirks|standin)\]|RIP: .*e1000e_(quirks|standin)")
# lib.sh writes these to /dev/kmsg around every insmod/rmmod of our modules
# ("eq-harness: insmod e1000e_quirks", "... done"), so the console, in the
# kernel's own order, says whether one was loaded or on its way in or out.
MOD_MARK = re.compile(r"eq-harness: (insmod|rmmod) (e1000e_quirks|e1000e_standin)( done (\d+))?$")
# Scenario 5x-detectors: "eq-harness: expect BUG" before it commits a
# deliberate bug with the throwaway module, "eq-harness: expect end" after.
# The reports in between are expected (noted, not counted), and one must
# have that detector's words (tests/debug/bugs/detectors, prove.sh's too);
# only a scenario with a '# detectors:' header may expect anything.
EXPECT_MARK = re.compile(r"eq-harness: expect (\S+)$")
# A report of lockdep's own (it turns lockdep off).
LOCKDEP_REPORT = re.compile(
    r"possible circular locking|inconsistent lock state|Invalid wait context"
    r"|possible recursive locking|bad unlock balance|lock held when returning"
    r"|held lock freed|suspicious RCU usage|possible irq lock inversion"
    r"|HARDIRQ-safe -> HARDIRQ-unsafe|SOFTIRQ-safe -> SOFTIRQ-unsafe")
def read_detectors(path=os.path.join(BUGS_SRC, "detectors")):
    """tests/debug/bugs/detectors: bug -> the ERE of its report's first
    line (the one table of the detectors' words)."""
    words = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or " | " not in line:
                continue
            name, ere = line.rstrip("\n").split(" | ", 1)
            words[name.strip()] = ere.strip()
    return words


DETECTOR_WORDS = read_detectors()
FINAL_MARKER = "@@END"

# The two NICs. The guest finds nic N behind root port 00:1(N-1).0 (lib.sh).
# Two PCI subsystems (two "board models", nic= subsys=): nic1 has QEMU's
# default 8086:0000, nic2 17aa:2247 (lib.sh SUBSYS1, SUBSYS2).
NICS = {
    "nic1": {"port": "rp1", "addr": "0x10", "chassis": 1, "netdev": "n1",
             "mac": "52:54:00:12:34:01", "subsys": (0x8086, 0x0000)},
    "nic2": {"port": "rp2", "addr": "0x11", "chassis": 2, "netdev": "n2",
             "mac": "52:54:00:12:34:02", "subsys": (0x17aa, 0x2247)},
}


def nic_device(nic):
    n = NICS[nic]
    return {"driver": "e1000e", "id": nic, "bus": n["port"],
            "netdev": n["netdev"], "mac": n["mac"],
            # ints: QMP's device_add wants JSON numbers for uint16
            "subsys_ven": n["subsys"][0], "subsys": n["subsys"][1],
            "romfile": ""}           # no iPXE option ROM: faster boot


# TCG, single-threaded: both vCPUs on one host thread, so a vCPU never runs
# a stale translation of code the other is patching (text_poke of a static
# key or a tracepoint: the kernel's own "Oops: int3" under multi-threaded
# TCG), and one VM takes one core (two VMs fill the two). -cpu max has
# RDRAND: the kernel's crng is ready at boot (with QEMU's default CPU it
# came 250-330 s into every VM, patching a static key mid-run).
# VM_ACCEL and VM_CPU ("" = QEMU's default) for experiments.
QEMU_ACCEL = "tcg,thread=single"
QEMU_CPU = "max"


def qemu_cpu_args():
    """QEMU's -accel and -cpu, the same for every VM of the project
    (tests/check-boot.sh takes them from vm.py --qemu-args)."""
    accel = os.environ.get("VM_ACCEL", QEMU_ACCEL)
    cpu = os.environ.get("VM_CPU", QEMU_CPU)
    return (["-accel", accel] if accel else []) + (["-cpu", cpu] if cpu else [])


def qemu_cmdline(kernel, initrd, append, ctl_path, qmp_path, hotplug):
    cmd = [
        "qemu-system-x86_64", "-M", "q35", "-m", "768", "-smp", os.environ.get("VM_SMP", "2"),
    ]
    cmd += qemu_cpu_args()
    cmd += [
        "-nographic", "-nodefaults", "-no-reboot",
        "-kernel", kernel, "-initrd", initrd, "-append", append,
        "-serial", "stdio",                                 # ttyS0: console
        "-chardev", f"socket,id=ctl,path={ctl_path}",
        "-serial", "chardev:ctl",                           # ttyS1: results
        "-chardev", f"socket,id=qmp,path={qmp_path}",
        "-mon", "chardev=qmp,mode=control",
    ]
    if hotplug.startswith("pciehp"):
        # Native PCIe hotplug (attention button, pciehp) rather than ACPI's.
        cmd += ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"]
    for nic, n in NICS.items():
        # hubport only: the hub is internal to QEMU, nothing reaches the host.
        cmd += ["-netdev", f"hubport,id={n['netdev']},hubid=0",
                "-device", f"pcie-root-port,id={n['port']},bus=pcie.0,"
                           f"addr={n['addr']},chassis={n['chassis']},slot={n['chassis']}",
                "-device", ",".join(f"{k}={v}" if k != "driver" else v
                                    for k, v in nic_device(nic).items())]
    return cmd


def version_key(krel):
    return [int(w) if w.isdigit() else w for w in re.split(r"(\d+)", krel)]


_ENDS = []


def matrix_ends():
    """(oldest, newest) generic (not -rt) kernel of tests/kernels.sh, by
    version: the two kernels whose driver APIs differ most."""
    if not _ENDS and os.environ.get("MATRIX"):
        out = os.environ["MATRIX"].split()     # tests/check.sh, run.sh
    elif not _ENDS:
        out = subprocess.run([os.path.join(REPO, "tests", "kernels.sh")],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout.split()
    if not _ENDS:
        generic = sorted((k for k in out if not k.endswith("-rt-amd64")),
                         key=version_key) or sorted(out, key=version_key)
        _ENDS.extend([generic[0], generic[-1]] if generic else [None, None])
    return _ENDS


def scenario_header(path, key):
    """The words of a scenario's '# KEY: ...' header line (in its leading
    comment block, however long), or None."""
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            m = re.match(rf"^#\s*{key}:\s*(.*)$", line)
            if m:
                return m.group(1).split()
    return None


def scenario_kernels(path):
    """The words of a scenario's '# kernels: ...' header line, or None."""
    return scenario_header(path, "kernels")


def debug_flavour(krel):
    """debug or rt-debug for the kernels of tests/debug-kernel.sh
    (6.12.117-eq-debug), else None."""
    m = re.search(r"-eq-([a-z-]+)$", krel)
    return m.group(1) if m else None


FLAVOURS = ("debug", "rt-debug")
# A release prefix: "7.", "6.1.", "6.12.", "6.1.0-" (digits, each number
# closed by "." or "-"); "7.x" or "6.1" (also 6.12) are typos, not prefixes.
RELEASE_PREFIX = re.compile(r"^\d+\.(\d+[.-])*$")


def bad_words(words):
    """The words of a '# kernels:' line that mean nothing (a typo would
    otherwise drop the scenario from every kernel)."""
    return [w for w in words or ()
            if w not in ("all", "oldest", "newest") + FLAVOURS
            and not RELEASE_PREFIX.match(w)]


def runs_on(krel, words):
    """'# kernels:' words: all, oldest, newest (of the matrix), debug (the
    debug flavour of tests/debug-kernel.sh, which has fault injection),
    rt-debug, or a prefix of the kernel release (6.1.0-, 7.).
    SCENARIO_KERNELS=all ignores them. Every scenario may run on the debug
    kernels (the plan decides); those naming a flavour run on nothing
    else."""
    if words is None or os.environ.get("SCENARIO_KERNELS") == "all":
        return True
    flavours = [w for w in words if w in FLAVOURS]
    if flavours:
        return debug_flavour(krel) in flavours
    if debug_flavour(krel):
        return True
    for w in words:
        if w == "all" or krel.startswith(w) or \
           (w in ("oldest", "newest") and krel == matrix_ends()[w == "newest"]):
            return True
    return False


def names_kernel(krel, words):
    """Whether a '# kernels:' line names this kernel itself (its debug
    flavour or a release prefix), not a class (all, oldest, newest)."""
    return any(w == debug_flavour(krel) or
               (RELEASE_PREFIX.match(w) and krel.startswith(w))
               for w in words or ())


PLAN_FILE = os.environ.get("VM_PLAN_FILE", os.path.join(HERE, "plan"))
# Every kernel's plan, committed (tests/vm/plan-golden.sh writes and checks
# it): a VM booted from the plan must select what it says.
PLAN_GOLDEN = os.environ.get("PLAN_GOLDEN", os.path.join(HERE, "plan.golden"))


def kernel_class(krel):
    """The release with its patch and ABI numbers as N (6.1.N-N-amd64,
    6.12.N+deb13-amd64, 7.3.N+deb13-amd64): a new build of the same series
    keeps its golden plan."""
    m = re.match(r"(\d+\.\d+)(.*)$", krel)
    return m.group(1) + re.sub(r"(?<=[.-])\d+", "N", m.group(2)) if m else krel


def golden_groups(krel):
    """The golden plan of krel's class: (release it was written for, VMs as
    lists of names), or None."""
    vms, rel = {}, None
    try:
        with open(PLAN_GOLDEN) as f:
            for line in f:
                w = line.split()
                if len(w) < 3 or line.startswith("#") or \
                        kernel_class(w[0]) != kernel_class(krel):
                    continue
                rel = w[0]
                if len(w) == 4:
                    vms.setdefault(w[2], []).append(w[3])
    except OSError:
        return None
    if rel is None:
        return None
    return rel, [vms[k] for k in sorted(vms, key=version_key)]
# How much slower than a production kernel a KASAN kernel runs under TCG
# (measured 2026-12-02: 10-load-cycles 257 s on the KASAN kernel, 62 s on
# rt-debug, 39 s on 6.1); it scales the VM's time cap. Keyed on the
# kernel's CONFIG_KASAN, not on the plan (VM_PLAN=full keeps it).
KASAN_SLOWDOWN = 5
# A scenario's budget in the VM's cap without a '# timeout:' header.
RESULT_BUDGET = 40
BOOT_BUDGET = 150


def read_plan():
    """The lines of tests/vm/plan: (regex, set, groups or 'all'/'none', why)."""
    plan = []
    with open(PLAN_FILE) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            ere, name, scn, why = (w.strip() for w in line.split("|", 3))
            if scn in ("all", "none"):
                groups = scn
            elif scn.startswith("all but "):
                # every scenario but those of another set's line
                groups = ("but", scn[len("all but "):].strip())
            else:
                groups = [g.split() for g in scn.split("/")]
            plan.append((ere, name, groups, why))
    return plan


def plan_for(krel):
    """(set, groups, why) of the first plan line matching krel. groups:
    'all', 'none' or lists of scenario numbers, one list per VM.
    VM_PLAN=full: every scenario on every kernel."""
    if os.environ.get("VM_PLAN") == "full":
        return ("full", "all", "VM_PLAN=full")
    for ere, name, groups, why in read_plan():
        if re.fullmatch(ere, krel):
            return (name, groups, why)
    return ("full", "all", "no plan line matches")


def scenario_files():
    return sorted(f for f in os.listdir(SCENARIO_DIR) if re.match(r"^\d\d-.*\.sh$", f))


def one_proof_per_vm(groups):
    """A '# detectors:' scenario commits lockdep's bug on purpose, and
    lockdep turns itself off at its first report: two in one VM cannot
    both prove it. The first stays in its VM; each further one gets a VM
    of its own (on rt-debug: 50 proves the raw-lock nesting check, 53 the
    circular one)."""
    out, extra = [], []
    for g in groups:
        proofs = [n for n in g if scenario_header(
            os.path.join(SCENARIO_DIR, n + ".sh"), "detectors") is not None]
        out.append([n for n in g if n not in proofs[1:]])
        extra += [[n] for n in proofs[1:]]
    return [g for g in out if g] + extra


def select_scenarios(krel, prefixes):
    """(groups, errors) of select_groups, at most one detectors' proof
    per VM (one_proof_per_vm)."""
    groups, errors = select_groups(krel, prefixes)
    return one_proof_per_vm(groups), errors


def select_groups(krel, prefixes):
    """(groups, errors) for this kernel: the scenario names (NN-name) of
    SCENARIO_DIR per VM, and what is wrong with the headers or the plan.
    With prefixes (SCENARIOS), the scenarios starting with one of them;
    else the plan's. Either way only those whose '# kernels:' line allows
    krel; a scenario whose line names this kernel itself joins the plan's
    last VM."""
    errors = []
    files = scenario_files()
    words = {}
    for f in files:
        words[f] = scenario_kernels(os.path.join(SCENARIO_DIR, f))
        bad = bad_words(words[f])
        if bad:
            errors.append(f"{f[:-3]}: unknown word(s) in '# kernels:': {' '.join(bad)}")
    allowed = [f for f in files if runs_on(krel, words[f])]
    if prefixes:
        return [[f[:-3] for f in allowed
                 if any(f.startswith(p) for p in prefixes)]], errors
    _, groups, _ = plan_for(krel)
    if groups == "none":
        return [], errors
    if groups == "all":
        return [[f[:-3] for f in allowed]], errors
    if isinstance(groups, tuple):
        other = [g for _, name, g, _ in read_plan() if name == groups[1]]
        if not other or not isinstance(other[0], list):
            errors.append(f"plan: 'all but {groups[1]}': no set {groups[1]} "
                          f"with a scenario list in {PLAN_FILE}")
            return [], errors
        skip = {n for g in other[0] for n in g}
        return [[f[:-3] for f in allowed if f[:2] not in skip]], errors
    out, listed = [], set()
    for g in groups:
        for n in g:
            if not any(f.startswith(n + "-") for f in files):
                errors.append(f"plan: no scenario {n} in {SCENARIO_DIR} ({PLAN_FILE})")
            elif not any(f.startswith(n + "-") for f in allowed):
                # listed, but its header keeps it off this kernel: the
                # plan would lose it without a word
                errors.append(f"plan: {n} is listed for {krel} but its '# kernels:' "
                              f"header excludes this kernel ({PLAN_FILE})")
        out.append([f[:-3] for f in allowed if f[:2] in g])
        listed.update(g)
    out[-1] += [f[:-3] for f in allowed
                if f[:2] not in listed and names_kernel(krel, words[f])]
    return out, errors


def uses_standin(name):
    with open(os.path.join(SCENARIO_DIR, name + ".sh")) as f:
        return "standin_load" in f.read()


class Qmp:
    """Minimal QMP client on an accepted socket."""

    def __init__(self, sock, note):
        self.sock = sock
        self.f = sock.makefile("rw", encoding="utf-8", newline="\n")
        self.note = note
        self.deleted = set()                       # DEVICE_DELETED ids seen
        self.f.readline()                          # greeting
        self.execute("qmp_capabilities")

    def _read(self):
        line = self.f.readline()
        if not line:
            raise EOFError("QMP closed")
        msg = json.loads(line)
        if "event" in msg:
            self.note(f"QMP event {msg['event']} {msg.get('data', '')}")
            if msg["event"] == "DEVICE_DELETED":
                self.deleted.add(msg.get("data", {}).get("device"))
        return msg

    def execute(self, command, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.f.write(json.dumps(msg) + "\n")
        self.f.flush()
        while True:
            reply = self._read()
            if "event" not in reply:
                return reply

    def wait_deleted(self, dev, timeout):
        """Wait for QEMU to finish unplugging dev (the guest has ejected it)."""
        end = time.monotonic() + timeout
        try:
            while dev not in self.deleted and time.monotonic() < end:
                self.sock.settimeout(max(0.1, end - time.monotonic()))
                try:
                    self._read()
                except socket.timeout:
                    break
        finally:
            self.sock.settimeout(None)
        return dev in self.deleted


class Run:
    def __init__(self, args):
        self.args = args
        self.krel = args.krel
        self.results = {}          # scenario -> line
        self.extra = []            # kernel-level FAIL lines
        self.order = []            # scenarios in the initramfs
        self.current = "boot"
        self.splats = []
        self.pending = None        # (scenario, first line, lines, ktime) of a report
        self.reports = []          # (scenario, first line) of every report
        self.mods = {}             # our module -> loading, loaded, unloading
        self.expect = None         # (scenario, detector) between expect marks
        self.detected = {}         # detector -> first line of its report
        self.lockdep = []          # (after what, debug_locks) from init
        self.ended = None          # the last boot's end: True, False, None
        os.makedirs(args.logdir, exist_ok=True)
        self.console_path = os.path.join(args.logdir, f"{self.krel}.console.log")
        self.build_path = os.path.join(args.logdir, f"{self.krel}.build.log")
        self.log = None

    # -- output --------------------------------------------------------------
    def emit(self, line):
        print(line, flush=True)

    def fail_kernel(self, what):
        self.extra.append(f"FAIL {self.krel} {what}")

    def note(self, text):
        if self.log:
            self.log.write(f"[host {time.strftime('%H:%M:%S')}] {text}\n")
            self.log.flush()

    # -- preparation ---------------------------------------------------------
    def fetch_kernel(self):
        out = subprocess.run([os.path.join(REPO, "tests", "fetch-kernel.sh"), self.krel],
                             stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        if out.returncode != 0:
            return None
        return out.stdout.strip().splitlines()[-1]

    def make_modules(self, src, blog, extra=()):
        """tests/kbuild.sh KREL src modules [extra] (make -C <kernel build
        dir> M=src modules, on the host or in the trixie chroot, wherever the
        kernel's headers are), output to blog; the exit status. The one
        place both modules are built."""
        kbuild = [os.path.join(REPO, "tests", "kbuild.sh"), self.krel, src, "modules",
                  *extra]
        blog.write("$ " + " ".join(kbuild) + "\n")
        blog.flush()
        return subprocess.run(kbuild, stdout=blog, stderr=subprocess.STDOUT).returncode

    def build_failed(self, what, rc, ko):
        with open(self.build_path) as blog:
            errs = [l.strip() for l in blog if "error" in l.lower()]
        self.fail_kernel(f"{what}: make exited {rc}: "
                         f"{errs[0] if errs else 'no ' + os.path.basename(ko)} "
                         f"(log: {self.build_path})")

    def build_module(self, tmp):
        if self.args.ko:
            return self.args.ko
        src = os.path.join(tmp, "module")
        os.makedirs(src)
        # The whole working tree (committed or not) minus VCS data, what
        # .gitignore ignores, tests, docs and build products of earlier builds.
        tar = ["tar", "-C", REPO, "-c", "--exclude-vcs", "--exclude-vcs-ignores",
               "--exclude=./tests", "--exclude=./docs", "--exclude=./build", "--exclude=*.o", "--exclude=*.ko", "--exclude=*.mod",
               "--exclude=*.mod.c", "--exclude=.*.cmd", "--exclude=Module.symvers",
               "--exclude=modules.order", "--exclude=.tmp_versions", "."]
        with open(self.build_path, "w") as blog:
            p1 = subprocess.Popen(tar, stdout=subprocess.PIPE, stderr=blog)
            subprocess.run(["tar", "-C", src, "-x"], stdin=p1.stdout, stderr=blog)
            p1.wait()
            # The module's own fault injection (src/fault.c, scenario 39):
            # a test-build flag, only where the kernel can drive it.
            extra = (["EQ_FAULT_INJECT=1"]
                     if self.kconfig("CONFIG_FAULT_INJECTION_DEBUG_FS=y") else [])
            rc = self.make_modules(src, blog, extra)
        ko = os.path.join(src, "e1000e_quirks.ko")
        if rc != 0 or not os.path.exists(ko):
            self.build_failed("module-build", rc, ko)
            return None
        return ko

    def build_standin(self, tmp):
        """The test-only e1000e stand-in (tests/standin), for scenarios that
        need it; appended to the same build log."""
        src = os.path.join(tmp, "standin")
        shutil.copytree(STANDIN_SRC, src,
                        ignore=shutil.ignore_patterns("*.o", "*.ko", "*.mod*", ".*.cmd",
                                                      "Module.symvers", "modules.order"))
        with open(self.build_path, "a") as blog:
            rc = self.make_modules(src, blog)
        ko = os.path.join(src, "e1000e_standin.ko")
        if rc != 0 or not os.path.exists(ko):
            self.build_failed("standin-build", rc, ko)
            return None
        return ko

    def build_bugs(self, tmp):
        """The throwaway bug module (tests/debug/bugs, e1000e_quirks.ko) for
        the detectors' proof ('# detectors:' scenarios); same build log."""
        src = os.path.join(tmp, "bugs")
        shutil.copytree(BUGS_SRC, src, ignore=shutil.ignore_patterns(
            "*.o", "*.ko", "*.mod*", ".*.cmd", "Module.symvers", "modules.order",
            "scenarios", "*.sh", "*.md"))
        with open(self.build_path, "a") as blog:
            rc = self.make_modules(src, blog)
        ko = os.path.join(src, "e1000e_quirks.ko")
        if rc != 0 or not os.path.exists(ko):
            self.build_failed("bugs-build", rc, ko)
            return None
        return ko

    # -- the VM --------------------------------------------------------------
    def hotplug(self):
        """pciehp (interrupt driven), pciehp-poll or acpi. auto: acpi where
        lockdep is on: Linux 6.12's pciehp sets off a lockdep report of its
        own at the first unplug (KNOWN_SPLATS), before the driver's remove
        and ours run, so under pciehp device removal had no lockdep
        coverage; ACPI hotplug (acpiphp, QEMU's q35 default) takes none of
        pciehp's locks. Else pciehp, but pciehp-poll on PREEMPT_RT: there,
        forced IRQ threading moves pciehp_ist() to a secondary thread that
        irq_wake_thread() does not wake, so the attention-button unplug
        never completes (seen on 6.1.0-56-rt and 6.12.117-rt, with or
        without our module)."""
        if self.args.hotplug != "auto":
            return self.args.hotplug
        if self.kconfig("CONFIG_PROVE_LOCKING=y"):
            return "acpi"
        return "pciehp-poll" if self.kconfig("CONFIG_PREEMPT_RT=y") else "pciehp"

    def kconfig(self, line):
        """Whether the kernel's config has this exact line."""
        path = os.path.join(self.kroot, "boot", f"config-{self.krel}")
        with open(path) as f:
            return line in f.read().splitlines()

    def boot(self, tmp, kroot, initrd):
        """One VM run."""
        kernel = os.path.join(kroot, "boot", f"vmlinuz-{self.krel}")
        append = ("console=ttyS0 panic=-1 panic_on_warn=1 loglevel=7 log_buf_len=1M"
                  " printk.time=1")
        if self.kconfig("CONFIG_KASAN=y"):
            append += " eq.timeout=900"     # per scenario (init)
        if os.environ.get("VM_APPEND"):     # e.g. rcupdate.rcu_expedited=1
            append += " " + os.environ["VM_APPEND"]
        if self.hotplug() == "pciehp-poll":
            append += " pciehp.pciehp_poll_mode=1 pciehp.pciehp_poll_time=1"
        if self.kconfig("CONFIG_KFENCE=y") and not self.kconfig("CONFIG_KASAN=y"):
            # Often, where KFENCE is the only memory checker. With KASAN (the
            # debug kernel) the default 100 ms: 10 ms fills its pool at boot.
            append += " kfence.sample_interval=10"
        ctl_path = os.path.join(tmp, "ctl.sock")
        qmp_path = os.path.join(tmp, "qmp.sock")
        listeners = {}
        for name, path in (("ctl", ctl_path), ("qmp", qmp_path)):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            s.listen(1)
            s.settimeout(30)
            listeners[name] = s

        cmd = qemu_cmdline(kernel, initrd, append, ctl_path, qmp_path, self.hotplug())
        self.log = open(self.console_path, "w", encoding="utf-8", errors="replace")
        self.note("$ " + " ".join(cmd))
        start = time.monotonic()
        qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        try:
            try:
                ctl = listeners["ctl"].accept()[0]
                qmp = Qmp(listeners["qmp"].accept()[0], self.note)
            except (OSError, EOFError) as e:
                self.note(f"QEMU did not connect: {e}")
                self.fail_kernel(f"vm: QEMU failed to start (log: {self.console_path})")
                return
            ended = self.serve(qemu, ctl, qmp, start)
        finally:
            if qemu.poll() is None:       # error or SIGTERM: never leave it behind
                qemu.kill()
                qemu.wait()
        self.judge_pending()
        if self.expect:
            self.fail_kernel(f"{self.expect[0]}: no 'eq-harness: expect end' after "
                             f"'expect {self.expect[1]}' (log: {self.console_path})")
            self.expect = None
        self.ended = ended
        if ended:
            self.judge_lockdep()
        elapsed = time.monotonic() - start
        self.note(f"VM ran {elapsed:.0f} s")
        if not ended:
            why = (f"timeout after {self.args.timeout} s" if ended is None
                   else f"QEMU exited with status {qemu.returncode}")
            self.fail_kernel(f"vm: no final marker ({why}) during {self.current} "
                             f"(log: {self.console_path})")
        if self.splats:
            first_scn, first = self.splats[0]
            self.fail_kernel(f"splat: {len(self.splats)} line(s), first during {first_scn}: "
                             f"{first} (log: {self.console_path})")
        self.log.close()

    def serve(self, qemu, ctl, qmp, start):
        """Relay console/ctl until the final marker, QEMU's exit or timeout.
        Returns True (marker seen), False (QEMU exited) or None (timeout)."""
        sel = selectors.DefaultSelector()
        sel.register(qemu.stdout, selectors.EVENT_READ, "console")
        sel.register(ctl, selectors.EVENT_READ, "ctl")
        bufs = {"console": b"", "ctl": b""}
        seen_end = False
        deadline = start + self.args.timeout
        open_streams = 2
        while open_streams:
            left = deadline - time.monotonic()
            if left <= 0:
                self.note(f"timeout after {self.args.timeout} s: killing QEMU")
                qemu.kill()
                qemu.wait()
                return None
            for key, _ in sel.select(timeout=min(left, 1.0)):
                src = key.data
                data = (os.read(key.fd, 65536) if src == "console" else ctl.recv(65536))
                if not data:
                    sel.unregister(key.fileobj)
                    open_streams -= 1
                    continue
                bufs[src] += data
                *lines, bufs[src] = bufs[src].split(b"\n")
                for raw in lines:
                    line = raw.decode("utf-8", "replace").rstrip("\r")
                    if src == "console":
                        self.on_console(line)
                    elif self.on_ctl(line, qmp):
                        seen_end = True
            if seen_end:
                break
        # After the marker the guest powers off; give it a moment, then kill.
        try:
            qemu.wait(timeout=30)
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()
        if seen_end:
            # Drain the console so late splats are still caught.
            for raw in qemu.stdout.read().split(b"\n"):
                self.on_console(raw.decode("utf-8", "replace").rstrip("\r"))
        return seen_end

    def on_console(self, line):
        self.log.write(line + "\n")
        self.log.flush()
        self.scan_console(line)

    def scan_console(self, line):
        """One console line: reports, module and detector marks."""
        # Our own lines ([NN-name] ..., PASS/FAIL, @@) may quote anything: scan
        # them only from a kernel timestamp on (a printk mixed into the line).
        if line.startswith(("PASS ", "FAIL ", "@@", "[")) and not KTIME.match(line):
            m = KTIME.search(line)
            if not m:
                return
            line = line[m.start():]
        t = KTIME.match(line)
        ktime = float(t.group(1)) if t else None
        mark = "eq-harness: " in line
        if self.pending:
            t0 = self.pending[3]
            if mark or REPORT_HEAD.match(line) or \
                    (ktime is not None and t0 is not None and ktime - t0 > REPORT_SECS):
                self.judge_pending()       # the report has ended
            else:
                self.pending[2].append(line)
                if len(self.pending[2]) >= REPORT_LINES:
                    self.judge_pending()
                return
        if mark:
            self.on_mark(line)
        elif SPLAT.search(line):
            self.pending = (self.current, line.strip(), [line], ktime)

    def on_mark(self, line):
        m = MOD_MARK.search(line)
        if m:
            op, mod, done, rc = m.groups()
            if not done:
                self.mods[mod] = "loading" if op == "insmod" else "unloading"
            elif op == "insmod":
                self.mods[mod] = "loaded" if rc == "0" else "absent"
            else:
                self.mods[mod] = "absent" if rc == "0" else "loaded"
            return
        m = EXPECT_MARK.search(line)
        if not m:
            return
        what = m.group(1)
        if self.expect:                    # the window that ends here
            scn, name = self.expect
            self.expect = None
            if name not in self.detected:
                self.fail_kernel(f"{scn}: detector {name} stayed silent: no "
                                 f"'{DETECTOR_WORDS[name]}' report between its marks "
                                 f"(log: {self.console_path})")
        if what == "end":
            return
        if what not in DETECTOR_WORDS:
            self.fail_kernel(f"{self.current}: unknown detector '{what}' in: {line.strip()}")
        elif not self.expects_splats(self.current):
            self.fail_kernel(f"{self.current}: expects a report ({what}) but has no "
                             f"'# detectors:' header")
        else:
            self.expect = (self.current, what)

    def expects_splats(self, name):
        path = os.path.join(SCENARIO_DIR, name + ".sh")
        return os.path.exists(path) and scenario_header(path, "detectors") is not None

    def judge_pending(self):
        """A report is complete: known (noted), expected (a detector's
        proof, noted) or a splat."""
        if not self.pending:
            return
        scn, first, lines, _ = self.pending
        self.pending = None
        self.reports.append((scn, first))
        head = "\n".join(lines[:KNOWN_LINES + 1])
        body = "\n".join(lines)
        ours = OUR_FRAME.search(body)
        for known in KNOWN_SPLATS:
            if (all(k in head for k in known["head"]) and
                    all(k in body for k in known["body"]) and not ours):
                self.note(f"known kernel report, not counted: {first}")
                return
        if self.expect:
            # The deliberate bug's reports (a checker may print a second
            # one, e.g. a sleeping-lock BUG after a raw-lock nesting one);
            # the window fails unless one has the detector's words.
            if re.search(DETECTOR_WORDS[self.expect[1]], first):
                self.detected.setdefault(self.expect[1], first)
            self.note(f"expected report ({self.expect[1]}), not counted: {first}")
            return
        self.splats.append((scn, first))

    def judge_lockdep(self):
        """On a lockdep kernel: debug_locks stayed 1 through every scenario
        that needs it. It may die only in a scenario that sets off a report
        on purpose ('# lockdep: last': a known one of the kernel's own;
        '# detectors:': the proof), and only those may run after it."""
        if not self.kconfig("CONFIG_PROVE_LOCKING=y"):
            return
        if not self.lockdep or self.lockdep[-1][0] != "final":
            self.fail_kernel("lockdep: no final debug_locks line from the guest "
                             f"(log: {self.console_path})")
            return
        dead = [i for i, (_, v) in enumerate(self.lockdep) if v != "1"]
        if not dead:
            self.note("lockdep: debug_locks still 1 at the end")
            return
        killer = self.lockdep[dead[0]][0]
        # The report that killed it: lockdep's own if there was one, else
        # the first (a taint: KASAN, a WARNING, ...).
        theirs = [f for scn, f in self.reports if scn == killer]
        what = next((f for f in theirs if LOCKDEP_REPORT.search(f)),
                    theirs[0] if theirs else "no report on the console (a taint?)")
        self.note(f"lockdep: off after {killer}, by: {what}")
        for name, _ in self.lockdep[dead[0]:]:
            if name != "final" and not self.may_kill_lockdep(name):
                self.fail_kernel(f"lockdep: turned off during {killer} by: {what}; "
                                 f"{name} and what follows ran without it "
                                 f"(log: {self.console_path})")
                return

    def may_kill_lockdep(self, name):
        path = os.path.join(SCENARIO_DIR, name + ".sh")
        return os.path.exists(path) and (
            scenario_header(path, "lockdep") == ["last"] or
            scenario_header(path, "detectors") is not None)

    def on_ctl(self, line, qmp):
        line = line.strip()
        if not line:
            return False
        self.note(f"ctl: {line}")
        if line.startswith("@@BEGIN "):
            self.current = line.split()[1]
        elif line.startswith("@@HOST "):
            self.host_request(line.split()[1:], qmp)
        elif line.startswith("@@LOCKDEP "):
            words = line.split()
            if len(words) == 3:
                self.lockdep.append((words[1], words[2]))
        elif line.startswith(("PASS ", "FAIL ")):
            words = line.split()
            name = words[2].rstrip(":") if len(words) > 2 else "?"
            if name in self.results:
                self.fail_kernel(f"{name}: second result line: {line}")
            self.results[name] = line
            self.emit(line)
        elif line.startswith("SKIP "):
            # "SKIP KREL NN-name WHAT: why": a part of a scenario that could
            # not run here (lib.sh skip_part); counted, never a result.
            self.emit(line)
        elif line == FINAL_MARKER:
            return True
        return False

    def host_request(self, words, qmp):
        if len(words) == 2 and words[0] == "device_del" and words[1] in NICS:
            qmp.deleted.discard(words[1])
            reply = qmp.execute("device_del", id=words[1])
        elif len(words) == 2 and words[0] == "device_add" and words[1] in NICS:
            # The guest sees the device gone a little before QEMU has
            # finished the unplug; the id is free once DEVICE_DELETED came.
            qom = qmp.execute("qom-get", path=f"/machine/peripheral/{words[1]}",
                              property="type")
            if "return" in qom and not qmp.wait_deleted(words[1], 30):
                self.note(f"{words[1]}: no DEVICE_DELETED within 30 s")
            reply = qmp.execute("device_add", **nic_device(words[1]))
        elif (len(words) == 3 and words[0] == "set_link" and words[1] in NICS
              and words[2] in ("on", "off")):
            # The far end of the cable: the NIC's link down or up (QEMU's
            # e1000e raises the link-change interrupt, as a PHY would).
            reply = qmp.execute("set_link", name=words[1], up=words[2] == "on")
        else:
            reply = {"error": "unknown request"}
        self.note(f"@@HOST {' '.join(words)} -> {json.dumps(reply)}")

    # -- main ----------------------------------------------------------------
    def main(self):
        tmp = tempfile.mkdtemp(prefix=f"e1000e-quirks-vm.{self.krel}.")
        try:
            self.run(tmp)
        finally:
            if not self.args.keep:
                shutil.rmtree(tmp, ignore_errors=True)
        for line in self.extra:
            self.emit(line)
        failed = self.extra or any(l.startswith("FAIL") for l in self.results.values())
        if failed:
            print(f"# {self.krel}: console log {self.console_path}", file=sys.stderr)
        return 1 if failed else 0

    def check_golden(self, groups):
        """The VMs the plan gives this kernel, against tests/vm/plan.golden:
        a scenario the plan lost (or gained) is a FAIL before anything
        boots. A kernel of the matrix (or a debug kernel) must have an
        entry; one named by hand need not."""
        golden = golden_groups(self.krel)
        if golden is None:
            if debug_flavour(self.krel) or self.krel in os.environ.get("MATRIX", "").split():
                self.fail_kernel(f"plan-golden: no entry for {kernel_class(self.krel)} in "
                                 f"{PLAN_GOLDEN} (tests/vm/plan-golden.sh --write)")
            return
        rel, vms = golden
        now = [g for g in groups if g]
        if now != vms:
            lost = sorted({n for g in vms for n in g} - {n for g in now for n in g})
            new = sorted({n for g in now for n in g} - {n for g in vms for n in g})
            what = (f"lost: {' '.join(lost) or '-'}; new: {' '.join(new) or '-'}"
                    if lost or new else
                    f"the same scenarios in {len(now)} VMs, not {len(vms)} or not so split")
            self.fail_kernel(f"plan-golden: the VMs differ from {PLAN_GOLDEN}'s for {rel}"
                             f" ({what}; tests/vm/plan-golden.sh --write after a deliberate change)")

    def run_order(self, names):
        """The detectors' proof ('# detectors:') runs last: it turns lockdep
        off (its lockdep bug) and scans and clears kmemleak (init judges
        kmemleak right before it). Where lockdep is on, scenarios that set
        off a known report of the kernel's own ('# lockdep: last') run
        right before it (and would make its lockdep proof FAIL)."""
        last = [n for n in names if scenario_header(
            os.path.join(SCENARIO_DIR, n + ".sh"), "lockdep") == ["last"]] \
            if self.kconfig("CONFIG_PROVE_LOCKING=y") else []
        proof = [n for n in names if n not in last and self.expects_splats(n)]
        return [n for n in names if n not in last + proof] + last + proof

    def vm_cap(self, names, expected):
        """The VM's time cap: a boot, each scenario's own limit (its
        '# timeout:' header, else RESULT_BUDGET) and RESULT_BUDGET for each
        other result (kmemleak's), times KASAN_SLOWDOWN on a CONFIG_KASAN
        kernel; never under 600 s. Only a hang ever reaches it."""
        f = KASAN_SLOWDOWN if self.kconfig("CONFIG_KASAN=y") else 1
        own = 0
        for n in names:
            t = scenario_header(os.path.join(SCENARIO_DIR, n + ".sh"), "timeout")
            own += int(t[0]) if t and t[0].isdigit() else RESULT_BUDGET
        own += RESULT_BUDGET * (len(expected) - len(names))
        return max(600, f * (BOOT_BUDGET + own))

    def expected_extra(self, names):
        """Result lines the guest sends besides the scenarios' own."""
        extra = []
        if self.kconfig("CONFIG_DEBUG_KMEMLEAK=y"):
            if "10-load-cycles" in names:
                extra.append("kmemleak-after-10")
            extra += [f"kmemleak-before-{n}" for n in names if self.expects_splats(n)]
            extra.append("kmemleak-at-end")
        return extra

    def run(self, tmp):
        prefixes = self.args.scenarios.split()
        unknown = [p for p in prefixes
                   if not any(f.startswith(p) and f.endswith(".sh")
                              for f in os.listdir(SCENARIO_DIR))]
        if unknown:
            self.fail_kernel(f"scenarios: none named {' '.join(unknown)} in {SCENARIO_DIR}")
            return
        groups, errors = select_scenarios(self.krel, prefixes)
        for e in errors:
            self.fail_kernel(e)
        if not prefixes and os.environ.get("VM_PLAN") != "full":
            self.check_golden(groups)
        names = [n for g in groups for n in g]
        plan, _, why = plan_for(self.krel)
        if not names:
            if not prefixes and plan == "none":
                self.emit(f"# {self.krel}: plan {plan}: no VM ({why})")
            elif prefixes:
                self.emit(f"# {self.krel}: none of SCENARIOS={self.args.scenarios} "
                          f"runs on this kernel ('# kernels:' headers)")
            else:
                self.fail_kernel(f"scenarios: plan {plan} selects no scenario "
                                 f"for this kernel ({PLAN_FILE})")
            return
        kroot = self.kroot = self.fetch_kernel()
        if not kroot:
            self.fail_kernel("fetch-kernel: failed (see stderr)")
            return
        names = self.run_order(names)
        # What must come back: computed before the run, each one missing
        # at the end is a FAIL naming it.
        expected = names + self.expected_extra(names)
        self.emit(f"# {self.krel}: expected {len(expected)} results "
                  f"({'SCENARIOS=' + self.args.scenarios if prefixes else 'plan ' + plan}): "
                  f"{' '.join(expected)}")
        ko = None if self.args.no_module else self.build_module(tmp)
        env = dict(os.environ)
        if any(uses_standin(n) for n in names):
            env["STANDIN_KO"] = self.build_standin(tmp) or "-"
        if any(self.expects_splats(n) for n in names):
            env["BUGS_KO"] = self.build_bugs(tmp) or "-"
        initrd = os.path.join(tmp, "initramfs.cpio")
        mk = [os.path.join(HERE, "mkinitramfs.sh"), self.krel, kroot, ko or "-", initrd]
        mk += names
        if subprocess.run(mk, env=env).returncode != 0:
            self.fail_kernel("mkinitramfs: failed (see stderr)")
            return
        self.order = expected
        if not self.args.timeout:
            self.args.timeout = self.vm_cap(names, expected)
        # No second boot after a crash: with TCG single-threaded (the cause
        # of the kernel's own "Oops: int3" under multi-threaded TCG) a retry
        # could only hide a regression; a crash is the splat's FAIL.
        self.boot(tmp, kroot, initrd)
        for name in self.order:
            if name not in self.results:
                why = ("the VM ended first" if not self.ended else
                       "the guest never ran it (expected from the plan and headers)")
                self.results[name] = f"FAIL {self.krel} {name}: no result ({why})"
                self.emit(self.results[name])


def judge_log(path):
    """The first line of every report vm.py would count in the console log
    at path (KNOWN_SPLATS noted, not counted): the same judge as a VM's,
    for logs of other boots (tests/check-boot.sh)."""
    import types
    with tempfile.TemporaryDirectory(prefix="eq-judge.") as tmp:
        run = Run(types.SimpleNamespace(krel="log", logdir=tmp))
        run.log = open(os.devnull, "w")
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                run.scan_console(line.rstrip("\r\n"))
        run.judge_pending()
        run.log.close()
    return [first for _, first in run.splats]


def main():
    # SIGTERM (run.sh interrupted) unwinds like an exception: QEMU is killed
    # and the temporary directory removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if len(sys.argv) == 2 and sys.argv[1] == "--qemu-args":
        # vm.py --qemu-args: QEMU's -accel and -cpu options, one per line
        print("\n".join(qemu_cpu_args()))
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "--judge-log":
        # vm.py --judge-log FILE: one "SPLAT <first line>" per counted
        # report; exit status 1 if any.
        splats = judge_log(sys.argv[2])
        for first in splats:
            print(f"SPLAT {first}")
        sys.exit(1 if splats else 0)
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("krel")
    ap.add_argument("--logdir")
    ap.add_argument("--list", action="store_true",
                    help="print the plan for KREL and its VMs' scenarios, one "
                         "line 'vm NAME...' per VM, and exit (nothing is run)")
    ap.add_argument("--scenarios", default=os.environ.get("SCENARIOS", ""),
                    help="scenario number prefixes, e.g. '01 11' (default: all)")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("VM_TIMEOUT", "0")),
                    help="hard limit for the VM in seconds "
                         "(default: 600, or 40 s per scenario if that is more)")
    ap.add_argument("--ko", default=os.environ.get("E1000E_QUIRKS_KO"),
                    help="use this prebuilt module instead of building one")
    ap.add_argument("--no-module", action="store_true", help="boot without our module")
    ap.add_argument("--hotplug", choices=("auto", "pciehp", "pciehp-poll", "acpi"),
                    default=os.environ.get("VM_HOTPLUG", "auto"),
                    help="PCIe slot hotplug: native pciehp (interrupt or poll mode), ACPI, "
                         "or auto (see Run.hotplug)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--golden", action="store_true",
                    help="compare KREL's VMs from the plan with tests/vm/plan.golden: "
                         "one PASS or FAIL line (tests/check.sh, for kernels of several VMs)")
    args = ap.parse_args()
    if args.list:
        sys.exit(list_plan(args.krel, args.scenarios.split()))
    if args.golden:
        args.logdir = tempfile.mkdtemp(prefix="eq-golden.")
        run = Run(args)
        groups, _ = select_scenarios(args.krel, [])
        run.check_golden(groups)
        shutil.rmtree(args.logdir, ignore_errors=True)
        for line in run.extra:
            print(line)
        if not run.extra:
            print(f"PASS {args.krel} plan-golden ({len([g for g in groups if g])} VMs as "
                  f"{os.path.basename(PLAN_GOLDEN)} has them)")
        sys.exit(1 if run.extra else 0)
    if not args.logdir:
        ap.error("--logdir is required")
    sys.exit(Run(args).main())


def list_plan(krel, prefixes):
    """vm.py KREL --list: 'plan SET', 'why ...', 'vm NAME...' per VM and
    'error ...' per header or plan problem (exit 1 if any)."""
    plan, _, why = plan_for(krel)
    groups, errors = select_scenarios(krel, prefixes)
    print(f"plan {'SCENARIOS' if prefixes else plan}")
    print(f"why {why}")
    for g in groups:
        if g:
            print("vm " + " ".join(g))
    for e in errors:
        print(f"error {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    main()
