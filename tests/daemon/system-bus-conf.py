#!/usr/bin/env python3
"""tests/daemon/system-bus-conf.py: write a private copy of Debian's own
system bus configuration for the daemon tests: the same policy defaults,
but listening on LISTEN, not forking, not switching user, without syslog
or the system's include directories, and including only the policy files
given (pseriesd's, polkit's...).

  system-bus-conf.py SYSTEM_CONF OUT LISTEN POLICY...
"""
import re
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    src, dst, listen, *policies = sys.argv[1:]
    text = open(src).read()
    for tag in ("user", "pidfile", "servicehelper"):
        text = re.sub(rf"<{tag}>[^<]*</{tag}>", "", text)
    for tag in ("fork", "syslog", "standard_system_servicedirs"):
        text = text.replace(f"<{tag}/>", "")
    text = re.sub(r"<listen>[^<]*</listen>", f"<listen>{listen}</listen>", text)
    text = re.sub(r"<includedir>[^<]*</includedir>", "", text)
    text = re.sub(r"<include [^>]*>[^<]*</include>", "", text)
    includes = "".join(f"<include>{p}</include>\n" for p in policies)
    text = text.replace("</busconfig>", includes + "</busconfig>")
    open(dst, "w").write(text)


if __name__ == "__main__":
    main()
