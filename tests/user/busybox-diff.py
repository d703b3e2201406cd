#!/usr/bin/env python3
"""tests/user/busybox-diff.py: Debian's static ppc64el busybox under
pseries-user and under qemu-ppc64le must give identical output and exit
status for a set of applets (sh arithmetic loop, echo/printf, md5sum,
sha256sum, gzip|gunzip round trip, sort, awk, sed, wc).

Usage: busybox-diff.py RUNNER WORKDIR [--cpu POWER9]
The busybox binary is $PSERIES_BUSYBOX, else ~/.cache/pseriesd/guest/busybox
(tools/guest-image), else it is fetched with apt-get download
busybox-static:ppc64el into WORKDIR. Exit 77 (skip) if none is available.

Pipelines are chained here, one emulated process per stage, rather than by
busybox sh: qemu-ppc64le (without binfmt_misc) cannot exec the ppc64
busybox from inside the guest, so its sh falls back to the host's own
gzip/od/sort found in PATH, which would not be a comparison of emulators.
"""
import glob
import os
import random
import subprocess
import sys


def find_busybox(work):
    env = os.environ.get("PSERIES_BUSYBOX")
    if env and os.path.exists(env):
        return env
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                         "pseriesd", "guest", "busybox")
    if os.path.exists(cache):
        return cache
    bb = os.path.join(work, "bb", "bin", "busybox")
    if os.path.exists(bb):
        return bb
    try:
        subprocess.run(["apt-get", "download", "busybox-static:ppc64el"], cwd=work,
                       check=True, capture_output=True, timeout=120)
        deb = sorted(glob.glob(os.path.join(work, "busybox-static_*_ppc64el.deb")))[-1]
        subprocess.run(["dpkg-deb", "-x", deb, os.path.join(work, "bb")], check=True)
    except (OSError, subprocess.SubprocessError, IndexError):
        return None
    return bb if os.path.exists(bb) else None


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    runner, work = os.path.abspath(args[0]), os.path.abspath(args[1])
    cpu = args[args.index("--cpu") + 1] if "--cpu" in args else "POWER9"
    os.makedirs(work, exist_ok=True)
    bb = find_busybox(work)
    if not bb:
        print("SKIP: no ppc64el busybox (run tools/guest-image)")
        return 77
    rng = random.Random(7)
    words = ["alpha", "beta", "gamma", "delta", "pseries", "power", "vsx", "qemu",
             "linux", "busybox", "42", "-7", "3.25", "zeta"]
    text = os.path.join(work, "input.txt")
    with open(text, "w") as f:
        for i in range(6000):
            f.write(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 9))))
            f.write(" %d\n" % rng.randrange(-100000, 100000))
    blob = os.path.join(work, "input.bin")
    with open(blob, "wb") as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(300000)))

    cases = [
        ("sh arithmetic loop", ["sh", "-c", "i=0; s=0; while [ $i -lt 3000 ]; do "
                                "s=$(( (s + i * i) % 1000003 )); i=$((i+1)); done; echo $s"]),
        ("echo", ["echo", "hello", "pseries", "-n", "x"]),
        ("printf", ["printf", "%s|%5d|%-6x|%o|%c|%%\\n", "abc", "42", "255", "8", "z"]),
        ("md5sum", ["md5sum", text, blob]),
        ("sha256sum", ["sha256sum", text, blob]),
        ("gzip|gunzip", [["gzip", "-c", blob], ["gunzip", "-c"], ["md5sum"]]),
        ("gzip -9|wc", [["gzip", "-9", "-c", text], ["wc", "-c"]]),
        ("gzip -1|gunzip", [["gzip", "-1", "-c", text], ["gunzip", "-c"], ["sha256sum"]]),
        ("sort", ["sort", "-k2", text]),
        ("awk|sort -n", [["awk", "{print $NF}", text], ["sort", "-n"], ["head", "-50"]]),
        ("awk", ["awk", "{ n[$1]++; s += $NF } END { for (k in n) print k, n[k]; "
                 "printf \"%d %.3f\\n\", s, s / NR }", text]),
        ("sed", ["sed", "-e", "s/alpha/ALPHA/g; s/\\([0-9][0-9]*\\)$/<\\1>/; /zeta/d", text]),
        ("wc", ["wc", text, blob]),
        ("exit status", ["sh", "-c", "false || exit 3"]),
        ("pipeline", [["seq", "1", "2000"], ["grep", "7"], ["tr", "0-9", "a-j"],
                      ["sort", "-r"], ["tail", "-5"]]),
    ]

    def run(prefix, argv):
        """One command, or a chain of commands each fed the previous one's
        output; returns (stdout, status of the last, stderr)."""
        chain = argv if isinstance(argv[0], list) else [argv]
        data = None
        for stage in chain:
            r = subprocess.run(prefix + stage, input=data, capture_output=True,
                               timeout=300, cwd=work)
            data = r.stdout
        return r

    failed = 0
    for name, argv in cases:
        ours = run([runner, "-cpu", cpu, bb], argv)
        ref = run(["qemu-ppc64le", "-cpu", cpu.lower(), bb], argv)
        same = ours.stdout == ref.stdout and ours.returncode == ref.returncode
        print("%-20s %s (%d bytes, status %d)" % (name, "same" if same else "DIFFERENT",
                                                 len(ref.stdout), ref.returncode))
        if not same:
            failed += 1
            print("  ours:   status %d, %r" % (ours.returncode, ours.stdout[:200]))
            print("  qemu:   status %d, %r" % (ref.returncode, ref.stdout[:200]))
            if ours.stderr:
                print("  stderr: %r" % ours.stderr[:300])
    print("%s: %d/%d applet runs identical to qemu-ppc64le" %
          (cpu, len(cases) - failed, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
