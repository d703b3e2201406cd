#!/usr/bin/env python3
"""tests/dbus/compare-introspection.py: compare one interface of a D-Bus
introspection document (as the daemon exports it) with the reference XML in
dbus/.  Usage: compare-introspection.py REFERENCE.xml LIVE.xml INTERFACE.
Exit 0 when they describe the same interface, else 1 with the differences."""
import sys
import xml.etree.ElementTree as ET

EMITS = "org.freedesktop.DBus.Property.EmitsChangedSignal"


def describe(path, name):
    root = ET.parse(path).getroot()
    ifaces = [i for i in root.iter("interface") if i.get("name") == name]
    if len(ifaces) != 1:
        sys.exit(f"{path}: {len(ifaces)} interfaces named {name}")
    iface = ifaces[0]
    items = set()
    for m in iface.findall("method"):
        args = tuple((a.get("name"), a.get("type"), a.get("direction", "in"))
                     for a in m.findall("arg"))
        items.add(("method", m.get("name"), args))
    for s in iface.findall("signal"):
        args = tuple((a.get("name"), a.get("type")) for a in s.findall("arg"))
        items.add(("signal", s.get("name"), args))
    for p in iface.findall("property"):
        emits = "true"
        for a in p.findall("annotation"):
            if a.get("name") == EMITS:
                emits = a.get("value")
        items.add(("property", p.get("name"), (p.get("type"), p.get("access"), emits)))
    return items


ref = describe(sys.argv[1], sys.argv[3])
live = describe(sys.argv[2], sys.argv[3])
if ref != live:
    for item in sorted(ref - live, key=str):
        print("only in", sys.argv[1], item)
    for item in sorted(live - ref, key=str):
        print("only in the running daemon:", item)
    sys.exit(1)
print(f"{sys.argv[3]}: {len(ref)} members match")
