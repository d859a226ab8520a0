# shellcheck shell=bash
# Helpers shared by scripts/test, scripts/services and scripts/bench. Sourced, never run.

# Messages go to stderr so that stdout stays machine-readable (env lines, figures).
log() { printf '%s: %s\n' "${TESSERA_SCRIPT:-tessera}" "$*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; } # die message [exit-code]

# Runs a command as root: directly when we are root, through `sudo -n` when that is available.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        return 1
    fi
}

# Prints the Debian packages among the arguments that are not installed.
missing_packages() {
    local pkg
    for pkg in "$@"; do
        if ! dpkg -s "$pkg" >/dev/null 2>&1; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Installs the Debian packages among the arguments that are missing, with one `apt-get update`
# first. Does nothing when all are present. TESSERA_NO_INSTALL=1 turns installing off (the
# caller then fails later on whatever is really missing).
ensure_packages() {
    if ! command -v dpkg >/dev/null 2>&1; then
        log "no dpkg on this system; make sure these are installed: $*"
        return 0
    fi
    local missing
    missing=$(missing_packages "$@" | tr '\n' ' ')
    missing=${missing% }
    [ -z "$missing" ] && return 0
    if [ "${TESSERA_NO_INSTALL:-0}" = 1 ]; then
        log "missing packages (TESSERA_NO_INSTALL=1, not installing): $missing"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ] && ! sudo -n true >/dev/null 2>&1; then
        die "missing packages: $missing; install them (apt-get install $missing) or run as root"
    fi
    log "installing: $missing"
    # Keep package maintainer scripts from starting system-wide daemons (redis on 6379,
    # postgresql on 5432) while installing: tests use their own instances from scripts/services.
    local policy=/usr/sbin/policy-rc.d placed_policy=0
    if [ ! -e "$policy" ]; then
        if as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"; then
            placed_policy=1
        fi
    fi
    local rc=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null || rc=$?
    if [ "$rc" -eq 0 ]; then
        # shellcheck disable=SC2086 # word splitting of the package list is intended
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            $missing </dev/null || rc=$?
    fi
    if [ "$placed_policy" = 1 ]; then
        as_root rm -f "$policy" || true
    fi
    [ "$rc" -eq 0 ] || die "apt-get failed ($rc) installing: $missing"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Repository root: the parent of the scripts/ folder.
repo_root() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

# wait_until seconds command...: polls every 0.1 s until the command succeeds; 1 when time runs out.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}
