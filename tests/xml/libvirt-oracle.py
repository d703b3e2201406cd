#!/usr/bin/python3
"""libvirt-oracle.py: xml-schema/ against libvirt's own domain parser.

Part of tests/xml/ (meson suite 'unit').  libvirt's built-in test driver
(`virsh -c test:///default`, in-process, no daemon) parses a domain with
libvirt's real code and formats it back.  For the elements a pSeries domain
shares with any other (name, uuid, title, description, memory,
currentMemory, maxMemory, vcpu, the pSeries features, a topology-only cpu,
clock, on_*, and the content of <os> but its <type>), each case is given to
both libvirt (as a test-driver domain) and to xml-canon (as a pSeries
domain):

  - both must accept it or both must refuse it (units, numbers, counts);
  - when accepted, the formatted lines of those elements must be identical
    (libvirt's unit scaling and KiB rounding, UUID canonical form, default
    values, escaping of text and attributes).

It also checks that the order of elements pseriesd writes is libvirt's, and
that fully explicit device blocks (disk, interface, rng, memballoon, the
pSeries tpm/nvram/panic/vty/vscsi/PHB devices, serial sources) come out
exactly as libvirt writes them.  Deliberate differences are listed next to
the cases and in xml-schema/README.md.

    libvirt-oracle.py XML-CANON
"""
import os
import re
import subprocess
import sys
import tempfile

SHARED = ["name", "uuid", "title", "description", "maxMemory", "memory",
          "currentMemory", "vcpu", "features", "cpu", "clock", "on_poweroff", "on_reboot",
          "on_crash"]

# Each case: the top-level fragment (without <os>/<devices>).
CASES = []
SCALE = {"b": 1, "bytes": 1, "byte": 1, "k": 1024, "KiB": 1024, "KB": 1000, "kb": 1000,
         "kiB": 1024, "Kib": 1024, "M": 1 << 20, "MiB": 1 << 20, "MB": 10**6, "m": 1 << 20,
         "G": 1 << 30, "GiB": 1 << 30, "GB": 10**9}
# pseriesd's own limit (PSERIES_MAX_MEMORY_KIB, 16 TiB) is below libvirt's;
# sizes over it are refused on purpose and not compared.
LIMIT = 16 << 40
for value in ["1", "1023", "1024", "1025", "999999", "1000001", "17", "3", "0x10", " 42",
              "+42", "042", "42 ", "4 2"]:
    for unit, scale in SCALE.items():
        if int(value.strip().replace(" ", "") if value.strip().isdigit() else "0") * scale <= LIMIT:
            CASES.append(f"<name>m</name><memory unit='{unit}'>{value}</memory>")
for unit in ["Ki", "KiBB", "x", "iB", "", "Z", "kibytes"]:
    CASES.append(f"<name>m</name><memory unit='{unit}'>1024</memory>")
CASES += [
    "<name>m</name><memory>abc</memory>",
    "<name>m</name><memory>-1</memory>",
    "<name>m</name><memory> 2048 </memory>",
    "<name>m</name><memory unit='T'>1</memory>",
    "<name>m</name><memory unit='TiB'>2</memory><currentMemory unit='GB'>3</currentMemory>",
    "<name>m</name><memory unit='MiB'>512</memory><currentMemory unit='MiB'>256</currentMemory>",
    "<name>m</name><memory unit='MiB'>512</memory><currentMemory unit='MiB'>1024</currentMemory>",
    "<name>m</name><maxMemory slots='16' unit='GiB'>8</maxMemory><memory unit='GiB'>2</memory>",
    "<name>m</name><memory>0</memory>",
    "<name>m</name><memory>1024</memory><currentMemory>0</currentMemory>",
    "<name>m</name><memory>1024</memory><maxMemory slots='1'>0</maxMemory>",
    "<name>m</name><memory>1024</memory><maxMemory slots='0'>4096</maxMemory>",
    "<name>m</name><memory>1024</memory><maxMemory slots='2'>4096</maxMemory>",
    "<name>m</name><maxMemory slots='4' unit='KB'>4000001</maxMemory><memory>1024</memory>",
    "<name>m</name><memory>1024</memory><vcpu>4</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu current='2'>4</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu current='4'>4</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu current='5'>4</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu placement='static'>2</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu>0</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu>x</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu> 3</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu>3 </vcpu>",
    "<name>m</name><memory>1024</memory><vcpu current=' 2'>3</vcpu>",
    "<name>m</name><memory>1024</memory><vcpu current='2 '>3</vcpu>",
    "<name> spaced name </name><memory>1024</memory>",
    "<name>m</name><uuid>1CCFD97D5EB4478ABBE688D254C16DB7</uuid><memory>1024</memory>",
    "<name>m</name><uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid><memory>1024</memory>",
    "<name>m</name><uuid>00000000-0000-0000-0000-000000000000</uuid><memory>1024</memory>",
    "<name>m</name><uuid>{1ccfd97d-5eb4-478a-bbe6-88d254c16db7}</uuid><memory>1024</memory>",
    # (Dashes in other places: libvirt's parser skips them, its schema
    # refuses them, and so does pseriesd.)
    "<name>m</name><uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db</uuid><memory>1024</memory>",
    "<name>m</name><uuid>1ccfd97d5eb4-478a-bbe6-88d254c16db77</uuid><memory>1024</memory>",
    "<name>a&apos;b&amp;c&lt;d&gt;&quot;e</name><memory>1024</memory>",
    "<name>ünïcødé name</name><memory>1024</memory>",
    "<name>m</name><title>T &amp; 'q' \"d\" &lt;x&gt;</title><memory>1024</memory>",
    "<name>m</name><description>line 1\nline 2 &amp; 'q' \"d\" &lt;&gt;</description>"
    "<memory>1024</memory>",
    "<name>m</name><description>  padded  </description><memory>1024</memory>",
    "<name>m</name><memory>1024</memory><vcpu>4</vcpu>"
    "<cpu><topology sockets='2' cores='1' threads='2'/></cpu>",
    "<name>m</name><memory>1024</memory><vcpu>4</vcpu>"
    "<cpu mode='custom'><topology sockets='1' dies='1' cores='4' threads='1'/></cpu>",
    # (A topology smaller than <vcpu> is accepted by the generic code the test
    # driver uses, refused by libvirt's qemu driver and by pseriesd; it is in
    # test-xml-negative.c instead.)
    "<name>m</name><memory>1024</memory><vcpu>2</vcpu>"
    "<cpu><topology sockets='0' cores='1' threads='2'/></cpu>",
    "<name>m</name><memory>1024</memory><os><kernel>/boot/vmlinux</kernel></os>",
    "<name>m</name><memory>1024</memory><os><kernel>/k</kernel><initrd>/i</initrd>"
    "<cmdline>console=hvc0 root=\"LABEL=a b\" x='1' &lt;&amp;&gt;</cmdline></os>",
    "<name>m</name><memory>1024</memory><os><boot dev='network'/><boot dev='cdrom'/>"
    "<boot dev='hd'/></os>",
    "<name>m</name><memory>1024</memory><os><loader readonly='yes' type='rom'>/fw/a b.bin"
    "</loader></os>",
    # Deliberately stricter than libvirt's parser, and in test-xml-negative.c:
    # <cmdline> without <kernel> (QEMU refuses it at start), and relative
    # paths (libvirt's own schema refuses them as well).
    "<name>m</name><memory>1024</memory><os><boot dev='hd'/><boot dev='hd'/></os>",
    # pSeries machine features (libvirt's generic parser handles them for any
    # architecture, so the test driver is an oracle for them too).
    "<name>m</name><memory>1024</memory><features><ibs value='fixed-na'/>"
    "<hpt resizing='required'><maxpagesize unit='MiB'>16</maxpagesize></hpt>"
    "<cfpc value='broken'/><sbbc value='workaround'/><nested-hv state='on'/>"
    "<htm state='off'/><ccf-assist state='on'/></features>",
    "<name>m</name><memory>1024</memory><features><hpt/></features>",
    "<name>m</name><memory>1024</memory><features><hpt resizing='disabled'/></features>",
    "<name>m</name><memory>1024</memory><features><hpt><maxpagesize>64</maxpagesize>"
    "</hpt></features>",
    "<name>m</name><memory>1024</memory><features><hpt resizing='sometimes'/></features>",
    "<name>m</name><memory>1024</memory><features><htm state='maybe'/></features>",
    "<name>m</name><memory>1024</memory><features><cfpc value='fixed-ibs'/></features>",
    # (A feature given twice: libvirt's parser takes it, its schema does not;
    # pseriesd follows the schema and refuses it.)
    "<name>m</name><memory>1024</memory><features/>",
    "<name>m</name><memory>1024</memory><clock offset='utc'/>",
    "<name>m</name><memory>1024</memory><clock offset='localtime'/>",
    "<name>m</name><memory>1024</memory><clock offset='variable'/>",
    "<name>m</name><memory>1024</memory><clock offset='variable' adjustment='-3600'/>",
    "<name>m</name><memory>1024</memory>"
    "<clock offset='variable' adjustment='+120' basis='localtime'/>",
    "<name>m</name><memory>1024</memory><on_poweroff>restart</on_poweroff>"
    "<on_reboot>destroy</on_reboot><on_crash>preserve</on_crash>",
    "<name>m</name><memory>1024</memory><on_reboot>preserve</on_reboot>",
    "<name>m</name><memory>1024</memory><on_crash> restart </on_crash>",
    "<name>m</name><memory>1024</memory><title></title><description></description>",
    "<name></name><memory>1024</memory>",
    "<name>m</name><memory>1024</memory><uuid> 1ccfd97d-5eb4-478a-bbe6-88d254c16db7 </uuid>",
    "<name>m</name><memory>1024</memory><vcpu placement='auto'>2</vcpu>",
    "<name>m</name><memory>1024</memory><title>a\nb</title>",
    "<name>m</name><memory>1024</memory><clock offset='utc' adjustment='10'/>",
    "<name>m</name><memory>1024</memory><clock offset='utc' adjustment='reset'/>",
    "<name>m</name><memory>1024</memory><clock offset='localtime' adjustment='-5'/>",
    "<name>m</name><memory>1024</memory><clock offset='localtime' adjustment='reset'/>",
    "<name>m</name><memory>1024</memory><clock offset='variable' basis='localtime'/>",
    # (offset='variable' adjustment='reset': libvirt's parser reads it as 0,
    # its schema refuses it, and so does pseriesd.)
]


# Element order: the same content as a libvirt test-driver domain and as a
# pSeries domain (device models differ, the elements do not).  libvirt's
# output order of the elements both have must be pseriesd's order too.
ORDER_COMMON = """
  <name>ord</name><uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid>
  <title>t</title><description>d</description>
  <metadata><a:b xmlns:a='urn:a'/></metadata>
  <maxMemory slots='2' unit='MiB'>4096</maxMemory><memory unit='MiB'>1024</memory>
  <currentMemory unit='MiB'>512</currentMemory><vcpu current='1'>2</vcpu>
  <cpu><topology sockets='1' cores='2' threads='1'/></cpu>
  <clock offset='utc'/><on_crash>restart</on_crash>
"""
ORDER_OS = ("<kernel>/k</kernel><initrd>/i</initrd><cmdline>c</cmdline>"
            "<loader readonly='yes' type='rom'>/l</loader><boot dev='hd'/>")
ORDER_DEVICES = """
    <memballoon model='virtio'/>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <console type='pty'/>
    <serial type='pty'/>
    <interface type='bridge'><model type='virtio'/><target dev='vnet1'/>
      <source bridge='br0'/><mac address='52:54:00:00:00:01'/></interface>
    <disk type='file' device='disk'><address type='drive' controller='0' bus='0' target='0' unit='0'/>
      <readonly/><target dev='sda' bus='scsi'/><source file='/a'/><driver name='qemu' type='raw'/></disk>
    <emulator>/usr/bin/x</emulator>
    <nvram/>
"""
ORDER_LIBVIRT = ("<domain type='test'>%s<os><type>hvm</type>%s</os><devices>%s"
                 "<controller type='scsi' index='0'/><tpm model='tpm-tis'>"
                 "<backend type='emulator' version='2.0'/></tpm><panic model='isa'/>"
                 "</devices></domain>\n" % (ORDER_COMMON, ORDER_OS, ORDER_DEVICES))
ORDER_PSERIES = ("<domain type='qemu'>%s<os><type arch='ppc64le' machine='pseries'>hvm</type>%s"
                 "</os><devices>%s<controller type='scsi' index='0' model='ibmvscsi'/>"
                 "<tpm model='tpm-spapr'><backend type='emulator' version='2.0'/></tpm>"
                 "<panic model='pseries'/></devices></domain>\n"
                 % (ORDER_COMMON, ORDER_OS, ORDER_DEVICES))


# Fully explicit devices (nothing left for either side to default): the
# formatted blocks must be identical, but for the host tap name libvirt's
# test driver invents (<target dev='testnetN'/>).
DEVICE_BLOCKS = """
<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>
  <source file='/var/a &amp; b&apos;s.img'/><target dev='vdb' bus='virtio'/>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>
<disk type='block' device='cdrom'><driver name='qemu' type='raw' cache='writeback'/>
  <source dev='/dev/sr0'/><target dev='sdc' bus='scsi'/><readonly/>
  <address type='drive' controller='0' bus='0' target='0' unit='2'/></disk>
<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='sdd' bus='scsi'/>
  <readonly/><address type='drive' controller='0' bus='0' target='0' unit='3'/></disk>
<interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/>
  <model type='virtio'/>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></interface>
<interface type='user'><mac address='52:54:00:aa:bb:cd'/><model type='virtio'/>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x08' function='0x0'/></interface>
<rng model='virtio'><backend model='random'>/dev/random</backend>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x09' function='0x0'/></rng>
<memballoon model='virtio'>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x0a' function='0x0'/></memballoon>
"""


# The same with the pSeries devices libvirt's generic code also formats.
PSERIES_DEVICE_BLOCKS = """
<tpm model='tpm-spapr'><backend type='emulator' version='2.0'/>
  <address type='spapr-vio' reg='0x4000'/></tpm>
<tpm model='spapr-tpm-proxy'><backend type='passthrough'><device path='/dev/tpmrm0'/></backend></tpm>
<nvram><address type='spapr-vio' reg='0x3000'/></nvram>
<panic model='pseries'/>
<serial type='pty'><target type='spapr-vio-serial' port='0'><model name='spapr-vty'/></target>
  <address type='spapr-vio' reg='0x30000000'/></serial>
<serial type='file'><source path='/var/log/hvc1.log'/><target type='spapr-vio-serial' port='1'>
  <model name='spapr-vty'/></target><address type='spapr-vio' reg='0x30001000'/></serial>
<controller type='scsi' index='0' model='ibmvscsi'><address type='spapr-vio' reg='0x2000'/></controller>
<controller type='scsi' index='1' model='virtio-scsi'>
  <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/></controller>
<controller type='pci' index='0' model='pci-root'><model name='spapr-pci-host-bridge'/>
  <target index='0'/></controller>
<controller type='pci' index='1' model='pci-root'><model name='spapr-pci-host-bridge'/>
  <target index='1'/></controller>
<interface type='user'><mac address='52:54:00:00:00:05'/><model type='spapr-vlan'/>
  <address type='spapr-vio' reg='0x1000'/></interface>
<interface type='bridge'><mac address='52:54:00:00:00:06'/><source bridge='br0'/>
  <model type='spapr-vlan'/><address type='spapr-vio' reg='0x71000000'/></interface>
"""

BLOCK_TAGS = ["disk", "controller", "interface", "serial", "console", "tpm", "memballoon",
              "rng", "nvram", "panic"]


def device_blocks(xml, tags=("disk", "interface", "rng", "memballoon")):
    out = []
    for tag in tags:
        for m in re.finditer(r"^    <%s(?: [^>]*)?/>$|^    <%s[ >].*?^    </%s>$"
                             % (tag, tag, tag), xml, re.M | re.S):
            out.append("\n".join(l for l in m.group(0).splitlines()
                                 if not l.strip().startswith("<target dev='testnet")))
    return out


def check_device_blocks(tmp, canon, blocks=DEVICE_BLOCKS, tags=("disk", "interface", "rng",
                                                                 "memballoon"), want=7):
    path = os.path.join(tmp, "dev-libvirt.xml")
    with open(path, "w") as f:
        f.write("<domain type='test'><name>dv</name><memory>1024</memory><os><type>hvm</type>"
                "</os><devices>%s</devices></domain>\n" % blocks)
    p = subprocess.run(["virsh", "-q", "-c", "test:///default", "define %s; dumpxml dv" % path],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("FAIL libvirt refused the device document: %s" % p.stderr)
        return 1
    theirs = device_blocks(p.stdout, tags)
    path = os.path.join(tmp, "dev-pseries.xml")
    with open(path, "w") as f:
        f.write("<domain type='qemu'><name>dv</name><memory>1024</memory><os><type>hvm</type>"
                "</os><devices>%s</devices></domain>\n" % blocks)
    p = subprocess.run([canon, path], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("FAIL pseriesd refused the device document: %s" % p.stderr)
        return 1
    ours = device_blocks(p.stdout, tags)
    if tags == BLOCK_TAGS:
        # pseriesd also writes what a pSeries domain always has here (usb
        # none, memballoon none), which the test driver does not add.
        ours = [b for b in ours if not (b.startswith("    <controller type='usb'") or
                                        b.startswith("    <memballoon"))]
    if len(theirs) != want or theirs != ours:
        print("FAIL device blocks differ:\n--- libvirt\n%s\n--- pseriesd\n%s"
              % ("\n".join(theirs), "\n".join(ours)))
        return 1
    print("ok   %d explicit device blocks formatted as libvirt formats them" % len(ours))
    return 0


CHR_SOURCES = """
<serial type='file'><source append='on' path='/var/log/a&amp;b&apos;c.log'/></serial>
<serial type='unix'><source path='/run/x.sock' mode='bind'/></serial>
<serial type='unix'><source path='/run/y.sock' mode='connect'/></serial>
<serial type='file'><source path='/var/log/c.log' append='off'/></serial>
<serial type='file'><source path='/var/log/d.log'/></serial>
<serial type='unix'><source path='/run/z.sock'/></serial>
"""


def serial_sources(xml):
    out = []
    for m in re.finditer(r"^    <serial type='(\w+)'>\n(.*?)^    </serial>$", xml, re.M | re.S):
        src = [l.strip() for l in m.group(2).splitlines() if l.strip().startswith("<source")]
        out.append((m.group(1), src))
    return out


def check_chr_sources(tmp, canon):
    results = []
    for kind, canon_cmd in (("test", None), ("qemu", canon)):
        path = os.path.join(tmp, "chr-%s.xml" % kind)
        with open(path, "w") as f:
            f.write("<domain type='%s'><name>sr</name><memory>1024</memory><os><type>hvm</type>"
                    "</os><devices>%s</devices></domain>\n" % (kind, CHR_SOURCES))
        if canon_cmd:
            p = subprocess.run([canon_cmd, path], capture_output=True, text=True, timeout=60)
        else:
            p = subprocess.run(["virsh", "-q", "-c", "test:///default",
                                "define %s; dumpxml sr" % path],
                               capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            print("FAIL %s refused the serial document: %s" % (kind, p.stderr))
            return 1
        results.append(serial_sources(p.stdout))
    if len(results[0]) != 6 or results[0] != results[1]:
        print("FAIL serial sources differ:\n  libvirt:  %r\n  pseriesd: %r" % tuple(results))
        return 1
    print("ok   %d serial sources formatted as libvirt formats them" % len(results[1]))
    return 0


def tag_order(elem):
    seq = []
    for c in elem:
        if not seq or seq[-1] != c.tag:
            seq.append(c.tag)
    return seq


def check_order(tmp, canon):
    import xml.etree.ElementTree as ET
    failures = 0
    path = os.path.join(tmp, "order-libvirt.xml")
    with open(path, "w") as f:
        f.write(ORDER_LIBVIRT)
    p = subprocess.run(["virsh", "-q", "-c", "test:///default", "define %s; dumpxml ord" % path],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("FAIL libvirt refused the order document: %s" % p.stderr)
        return 1
    theirs = ET.fromstring(p.stdout)
    path = os.path.join(tmp, "order-pseries.xml")
    with open(path, "w") as f:
        f.write(ORDER_PSERIES)
    p = subprocess.run([canon, path], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("FAIL pseriesd refused the order document: %s" % p.stderr)
        return 1
    ours = ET.fromstring(p.stdout)
    pairs = [("domain", theirs, ours), ("os", theirs.find("os"), ours.find("os")),
             ("cpu", theirs.find("cpu"), ours.find("cpu")),
             ("devices", theirs.find("devices"), ours.find("devices"))]
    for tag in ["disk", "interface", "serial", "console", "tpm", "rng"]:
        pairs.append((tag, theirs.find("devices/" + tag), ours.find("devices/" + tag)))
    for what, t, o in pairs:
        a, b = tag_order(t), tag_order(o)
        common = set(a) & set(b)
        a = [x for x in a if x in common]
        b = [x for x in b if x in common]
        if a != b:
            failures += 1
            print("FAIL element order in <%s>: libvirt %s, pseriesd %s" % (what, a, b))
        else:
            print("ok   element order in <%s>: %s" % (what, " ".join(a)))
    return failures


def shared_lines(xml):
    """The formatted lines of the shared top-level elements, in order."""
    out = []
    for tag in SHARED:
        t = re.escape(tag)
        pat = re.compile(r"^  <%s(?: [^>]*)?/>$|^  <%s(?: [^>]*)?>.*?</%s>$" % (t, t, t),
                         re.M | re.S)
        for m in pat.finditer(xml):
            out.append(m.group(0))
    return out


def os_lines(xml):
    """The lines inside <os> other than <type> (which names the machine)."""
    m = re.search(r"^  <os>\n(.*?)^  </os>$", xml, re.M | re.S)
    if not m:
        return []
    return [l for l in m.group(1).splitlines() if not l.strip().startswith("<type")]


def run_libvirt(tmp, fragment):
    path = os.path.join(tmp, "libvirt.xml")
    os_extra = ""
    m = re.search(r"<os>(.*)</os>", fragment, re.S)
    if m:
        os_extra, fragment = m.group(1), fragment.replace(m.group(0), "")
    with open(path, "w", encoding="utf-8") as f:
        f.write("<domain type='test'>%s<os><type>hvm</type>%s</os></domain>\n"
                % (fragment, os_extra))
    name = re.search(r"<name>(.*?)</name>", fragment).group(1)
    # virsh's command parser: quote the name for its shell-like syntax.
    unescaped = (name.replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<")
                 .replace("&gt;", ">").replace("&amp;", "&"))
    quoted = '"' + unescaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    p = subprocess.run(["virsh", "-q", "-c", "test:///default",
                        "define %s; dumpxml --domain %s" % (path, quoted)],
                       capture_output=True, text=True, timeout=60)
    ok = p.returncode == 0 and "<domain" in p.stdout
    return ok, p.stdout if ok else p.stderr


def run_ours(tmp, canon, fragment):
    path = os.path.join(tmp, "pseries.xml")
    os_extra = ""
    m = re.search(r"<os>(.*)</os>", fragment, re.S)
    if m:
        os_extra, fragment = m.group(1), fragment.replace(m.group(0), "")
    with open(path, "w", encoding="utf-8") as f:
        f.write("<domain type='qemu'>%s<os><type arch='ppc64le' machine='pseries'>hvm</type>"
                "%s</os></domain>\n" % (fragment, os_extra))
    p = subprocess.run([canon, path], capture_output=True, text=True, timeout=60)
    return p.returncode == 0, p.stdout if p.returncode == 0 else p.stderr


def main():
    canon = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for frag in CASES:
            lv_ok, lv_out = run_libvirt(tmp, frag)
            our_ok, our_out = run_ours(tmp, canon, frag)
            if lv_ok != our_ok:
                failures += 1
                print("FAIL %s\n  libvirt %s, pseriesd %s\n  libvirt: %s\n  pseriesd: %s" % (
                    frag, "accepts" if lv_ok else "refuses", "accepts" if our_ok else "refuses",
                    lv_out.strip().splitlines()[-1] if lv_out.strip() else "",
                    our_out.strip()))
                continue
            if not lv_ok:
                print("ok   both refuse %s" % frag)
                continue
            lv_lines = shared_lines(lv_out) + os_lines(lv_out)
            our_lines = shared_lines(our_out) + os_lines(our_out)
            if "<uuid>" not in frag:
                lv_lines = [l for l in lv_lines if not l.startswith("  <uuid>")]
                our_lines = [l for l in our_lines if not l.startswith("  <uuid>")]
            if lv_lines != our_lines:
                failures += 1
                print("FAIL %s\n  libvirt:  %r\n  pseriesd: %r" % (frag, lv_lines, our_lines))
            else:
                print("ok   %s" % frag)
        failures += check_order(tmp, canon)
        failures += check_device_blocks(tmp, canon)
        failures += check_device_blocks(tmp, canon, PSERIES_DEVICE_BLOCKS, BLOCK_TAGS, 13)
        failures += check_chr_sources(tmp, canon)
    print("%s: %d cases, %d failure(s)" % ("FAIL" if failures else "PASS", len(CASES), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
