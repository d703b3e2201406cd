#!/usr/bin/env python3
"""tests/user/progs-diff.py: the C programs of tests/user/progs/ (signals,
threads, futexes, a freestanding ELFv2 program), compiled with Debian's
cross compilers and run under pseries-user and under QEMU's user mode
(qemu-ppc64le for little-endian, qemu-ppc64 for big-endian); standard
output and exit status must be identical.

Usage: progs-diff.py RUNNER WORKDIR [--endian le|be] [--cpu POWER9] [-j N]

Each program says in its header comment how to run it:
  run: ARGS                  one run per line ("(no arguments)" for none)
  build: freestanding        no C library (-nostdlib), ELFv2 in both byte orders
  ours-only: STATUS          run under pseries-user only, expect STATUS and
                             no internal fault (robustness programs)
  qemu-bug: "QEMU LINE" -> "LINUX LINE"
                             where QEMU 7.2 and Linux disagree, the first
                             line of QEMU's output equal to QEMU LINE is
                             taken as LINUX LINE before comparing (the
                             reason follows in the comment); Linux wins.
Big-endian programs are ELFv1 with glibc (Debian's powerpc64 cross
libc), the freestanding one is ELFv2. Exit 77 (skip) when the compiler
or QEMU for the byte order is missing.
"""
import concurrent.futures
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = {
    "le": ("powerpc64le-linux-gnu-gcc", "qemu-ppc64le", []),
    "be": ("powerpc64-linux-gnu-gcc", "qemu-ppc64", []),
}
CFLAGS = ["-static", "-O2", "-Wall", "-pthread"]
SICK = ("internal fault", "runtime error:", "AddressSanitizer", "LeakSanitizer")
FREESTANDING = ["-static", "-O2", "-mcpu=power8", "-nostdlib", "-ffreestanding",
                "-fno-stack-protector", "-fno-builtin", "-mabi=elfv2", "-Wall"]


def parse(path):
    runs, bugs, free, alone = [], [], False, None
    with open(path) as f:
        head = f.read().split("*/", 1)[0]
    for line in head.splitlines():
        line = line.strip().lstrip("/*").strip()
        if line.startswith("run:"):
            rest = line[4:].strip()
            runs.append([] if rest == "(no arguments)" else shlex.split(rest))
        elif line.startswith("build:") and "freestanding" in line:
            free = True
        elif line.startswith("ours-only:"):
            alone = int(line.split(":", 1)[1])
        elif line.startswith("qemu-bug:"):
            m = re.match(r'qemu-bug:\s*"(.*)"\s*->\s*"(.*)"\s*$', line)
            if not m:
                raise SystemExit("%s: bad qemu-bug line: %s" % (path, line))
            bugs.append((m.group(1), m.group(2)))
    return runs or [[]], bugs, free, alone


def build(cc, src, out, free):
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return None
    flags = FREESTANDING if free else CFLAGS
    r = subprocess.run([cc] + flags + ["-o", out, src] + ([] if free else ["-lm"]),
                       capture_output=True, text=True)
    return None if r.returncode == 0 else r.stderr


def apply_bugs(text, bugs):
    lines = text.split("\n")
    used = 0
    for qline, lline in bugs:
        for i, l in enumerate(lines):
            if l == qline:
                lines[i] = lline
                used += 1
                break
    return "\n".join(lines), used


def run(cmd, cwd):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=180, cwd=cwd)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        return "timeout", out, ""


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    runner, work = os.path.abspath(args[0]), os.path.abspath(args[1])
    endian = args[args.index("--endian") + 1] if "--endian" in args else "le"
    cpu = args[args.index("--cpu") + 1] if "--cpu" in args else "POWER9"
    jobs = int(args[args.index("-j") + 1]) if "-j" in args else 4
    cc, qemu, _ = TOOLS[endian]
    for tool in (cc, qemu):
        if not shutil.which(tool):
            print("SKIP: %s not found (tools/lib/deps.sh installs it)" % tool)
            return 77
    out_dir = os.path.join(work, endian)
    os.makedirs(out_dir, exist_ok=True)

    cases = []
    failed_builds = 0
    for src in sorted(glob.glob(os.path.join(HERE, "progs", "*.c"))):
        name = os.path.basename(src)[:-2]
        runs, bugs, free, alone = parse(src)
        exe = os.path.join(out_dir, name)
        err = build(cc, src, exe, free)
        if err:
            print("%s: build failed:\n%s" % (name, err))
            failed_builds += 1
            continue
        for argv in runs:
            cases.append((name, exe, argv, bugs, alone))

    def one(case):
        name, exe, argv, bugs, alone = case
        ours = run([runner, "-cpu", cpu, exe] + argv, out_dir)
        if alone is not None:
            return case, ours, (alone, ours[1], ""), ours[1], 0
        ref = run([qemu, "-cpu", cpu.lower(), exe] + argv, out_dir)
        ref_out, used = apply_bugs(ref[1], bugs)
        return case, ours, ref, ref_out, used

    same = known = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for case, ours, ref, ref_out, used in pool.map(one, cases):
            name, exe, argv, bugs, alone = case
            label = " ".join([name] + argv)
            ok = ours[0] == ref[0] and ours[1] == ref_out and ours[0] != "timeout"
            # A fault of the runner itself, or a sanitizer's report, fails
            # the run whatever the guest printed.
            ok = ok and not any(w in ours[2] for w in SICK)
            if alone is not None:
                label += " (pseries-user only)"
            note = " (%d QEMU difference%s taken as Linux)" % (used, "s" if used > 1 else "") \
                if used else ""
            print("%-36s %s, status %s, %d lines%s" % (label, "same" if ok else "DIFFERENT",
                                                       ref[0], ref[1].count("\n"), note))
            if ok:
                same += 1
                known += used > 0
                continue
            print("  ours: status %s" % (ours[0],))
            ol, ql = ours[1].splitlines(), ref_out.splitlines()
            for i in range(max(len(ol), len(ql))):
                a = ol[i] if i < len(ol) else "<none>"
                b = ql[i] if i < len(ql) else "<none>"
                if a != b:
                    print("  line %d ours: %s" % (i + 1, a))
                    print("  line %d qemu: %s" % (i + 1, b))
            if ours[2]:
                print("  stderr: %s" % ours[2][-600:])
    alone = sum(1 for c in cases if c[4] is not None)
    print("%s %s: %d/%d program runs as expected: %d compared with %s (%d of them with "
          "QEMU bugs taken as Linux), %d robustness runs under pseries-user only; "
          "%d programs failed to build" %
          (endian, cpu, same, len(cases), len(cases) - alone, qemu, known, alone,
           failed_builds))
    return 0 if same == len(cases) and not failed_builds else 1


if __name__ == "__main__":
    sys.exit(main())
