# tools/lib/deps.sh: sourced by tools/*; installs the Debian packages a
# command needs (only those missing) and fetches the ppc64el guest packages.
# Every tool calls need_packages with its own list, so each one works on a
# fresh Debian 12 machine by itself.

# Build dependencies of pseriesd itself.
PSERIES_BUILD_PKGS="meson ninja-build pkg-config gcc libc6-dev gettext
  libvirt-dev libsystemd-dev libglib2.0-dev libfdt-dev libxml2-dev
  python3 device-tree-compiler xxd libseccomp-dev"
# References and tools the tests use.
PSERIES_TEST_PKGS="gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu
  libc6-dev-ppc64el-cross gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross
  qemu-user qemu-system-ppc libvirt-clients
  libxml2-utils dbus systemd clang libclang-rt-14-dev valgrind cpio gzip
  xz-utils expect procps util-linux uuid-runtime linux-source-6.1 polkitd
  virtinst"
# What tools/guest-image needs on the host.
PSERIES_GUEST_PKGS="cpio gzip xz-utils dpkg-dev"

PSERIES_CACHE="${PSERIES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pseriesd}"

pseries_apt_updated=0
pseries_apt_update() {
    [ "$pseries_apt_updated" = 1 ] && return 0
    # A mirror mid-sync makes apt-get update complain about one index while
    # the rest are fine; go on and let the install say if anything is missing.
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 ||
        echo "note: apt-get update reported errors; trying the install anyway" >&2
    pseries_apt_updated=1
}

# need_packages PKG...: install those that are not installed yet.
need_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "error: missing Debian packages: ${missing[*]}" >&2
        echo "       install them with: sudo apt-get install ${missing[*]}" >&2
        return 1
    fi
    echo "installing: ${missing[*]}" >&2
    pseries_apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >/dev/null || {
        echo "error: apt-get install ${missing[*]} failed" >&2
        return 1
    }
}

# need_ppc64el_arch: make Debian's ppc64el packages visible to apt.
need_ppc64el_arch() {
    if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
        [ "$(id -u)" = 0 ] || {
            echo "error: run 'sudo dpkg --add-architecture ppc64el && sudo apt-get update'" >&2
            return 1
        }
        dpkg --add-architecture ppc64el
        pseries_apt_updated=0
    fi
    pseries_apt_update
}

# pseries_build [DIR [MESON OPTIONS...]]: configure once and build.
pseries_build() {
    local dir="${1:-build}"
    shift || true
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || {
            cat "$dir.setup.log" >&2
            echo "error: meson setup $dir failed" >&2
            return 1
        }
    fi
    ninja -C "$dir" >"$dir.ninja.log" 2>&1 || {
        tail -60 "$dir.ninja.log" >&2
        echo "error: build in $dir failed" >&2
        return 1
    }
}
