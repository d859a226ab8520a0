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

# --- shared by the bench, soak and cluster scripts -----------------------------------------------

# calc EXPR: floating-point arithmetic through awk. ge/lt A B: float comparisons.
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# cpu_ticks pid: user + system CPU clock ticks the process has used (/proc/PID/stat fields 14, 15;
# the command name in field 2 has no spaces here). per_cpu_second requests ticks: requests per
# CPU-second of those ticks. `openssl speed` counts its operations per CPU-second (user time)
# too, so a server's requests per CPU-second against it is the ratio a machine loaded by other
# work does not skew.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
per_cpu_second() { calc "$1 / (($2 > 0 ? $2 : 1) / $CLK_TCK)"; }

# stop_pid pid seconds: TERM, wait up to seconds, then KILL (nothing when pid is empty or gone).
stop_pid() {
    local pid=$1 waited=0
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $(($2 * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_listening pid stdout-file stderr-file seconds [pattern]: waits for `tessera serve`'s
# listening line (default "tessera listening on "); exits 2 with the tail of stderr when the
# process ends first or the time runs out.
wait_listening() {
    local pid=$1 out=$2 err=$3 deadline=$((SECONDS + $4)) pattern=${5:-tessera listening on }
    until grep -q "$pattern" "$out" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$err" >&2 || true
            die "tessera exited while starting" 2
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            tail -n 20 "$err" >&2 || true
            die "tessera did not print '$pattern' within $4 s" 2
        fi
        sleep 0.1
    done
}

# wrk_to name out-file wrk-args...: runs wrk (with the NAME=value settings of the WRK_ENV array,
# when set, in its environment) in the background (WRK_PID, so a cleanup trap can stop it), waits, exits 2 with its output when it fails, then reads its BENCH line (bench/*.lua print
# one) into R_<field> variables (R_requests, R_rps, R_p50_ms, R_p99_ms, R_non2xx, ...) and
# R_errors (socket errors of every kind).
wrk_to() {
    local name=$1 out=$2
    shift 2
    env ${WRK_ENV[@]+"${WRK_ENV[@]}"} wrk "$@" >"$out" 2>&1 </dev/null &
    WRK_PID=$!
    local status=0
    wait "$WRK_PID" || status=$?
    WRK_PID=""
    [ "$status" -eq 0 ] || { cat "$out" >&2; die "wrk failed ($status) in $name" 2; }
    local line kv
    line=$(grep '^BENCH ' "$out" | tail -n 1) || { cat "$out" >&2; die "no BENCH line from wrk in $name" 2; }
    R_requests=0 R_rps=0 R_connect=0 R_read=0 R_write=0 R_timeout=0 R_non2xx=0 R_p50_ms=0 R_p99_ms=0
    for kv in ${line#BENCH }; do printf -v "R_${kv%%=*}" '%s' "${kv#*=}"; done
    R_errors=$((R_connect + R_read + R_write + R_timeout))
}
