# shellcheck shell=bash
# Sourced by `scripts/bench observability` (after its helpers, with nginx running): what the
# access log and tracing cost on the warm token path (reuse on), all in the same run:
#
#   off         logging.access false, no tracing:           the reference
#   access      logging.access true, stderr to a file:      >= 0.90 of off, one line per request
#   trace-1     tracing to nginx (/v1/traces answers 200),
#               sample_ratio 1.0, access log off:           >= 0.80 of off
#   trace-0     the same with sample_ratio 0:               >= 0.97 of off
#
# Each: wrk -t1 -c64 -dD -s bench/token.lua after a warm-up, a fresh Tessera per run. The four
# modes run in turn BENCH_ROUNDS times (default 2) and their means are compared, so that load
# from other processes on a shared machine falls on every mode alike.
ROUNDS=${BENCH_ROUNDS:-2}

OTLP_URL="http://127.0.0.1:$NGINX_PORT/v1/traces"
[ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary x -H 'Content-Type: application/x-protobuf' "$OTLP_URL")" = 200 ] ||
    die "nginx does not take OTLP posts" 2

# metric NAME: the sum of a counter's series from /metrics.
metric() {
    curl -s --max-time 2 "$TESSERA_URL/metrics" | awk -v name="$1" 'index($1, name "{") == 1 || $1 == name { n += $NF } END { printf "%d", n }'
}

observe() { # name extra-yaml
    local name=$1
    TESSERA_EXTRA_YAML=$2 start_tessera true
    warm_up "$TESSERA_URL" -t1 -c64
    run_wrk "tessera-$name" "$TESSERA_PID" -t1 -c64 -d"${DURATION}s" "$TESSERA_URL"
    O_RPS[$name]=$(calc "${O_RPS[$name]:-0} + $R_rps / $ROUNDS")
    O_BAD[$name]=$((${O_BAD[$name]:-0} + R_errors + R_non2xx))
    sleep 1 # let the exporter finish its round
    O_EXPORTED[$name]=$((${O_EXPORTED[$name]:-0} + $(metric tessera_trace_spans_exported_total)))
    O_DROPPED[$name]=$((${O_DROPPED[$name]:-0} + $(metric tessera_trace_spans_dropped_total)))
    # Requests answered so far; the scrape itself is answered after it counts, and logged.
    requests=$(metric tessera_http_requests_total)
    stop_tessera # flushes the log
    lines=$(grep -c ' msg=request ' "$WORK/tessera/stderr.log" || true)
    if [ "$name" = access ]; then
        O_LINES[$name]=$((${O_LINES[$name]:-0} + lines))
        O_REQUESTS[$name]=$((${O_REQUESTS[$name]:-0} + requests + 1))
    fi
    cp "$WORK/tessera/stderr.log" "$WORK/stderr-$name-$round.log"
}

declare -A O_RPS O_BAD O_REQUESTS O_EXPORTED O_DROPPED O_LINES
echo "== observability: warm token path, wrk -t1 -c64 -d${DURATION}s -s bench/token.lua, each mode"
for round in $(seq 1 "$ROUNDS"); do
    observe off $'logging:\n  access: false'
    observe access $'logging:\n  access: true'
    observe trace-1 $'logging:\n  access: false\ntracing:\n  otlp_endpoint: "'"$OTLP_URL"$'"\n  sample_ratio: 1.0'
    observe trace-0 $'logging:\n  access: false\ntracing:\n  otlp_endpoint: "'"$OTLP_URL"$'"\n  sample_ratio: 0'
done
for name in trace-1 trace-0; do
    log "$name: spans exported ${O_EXPORTED[$name]}, dropped ${O_DROPPED[$name]}"
done
expected_lines=${O_REQUESTS[access]}
log "access: ${O_LINES[access]} access lines for $expected_lines requests answered"

echo
printf '%-44s %12s %12s %8s  %-16s %s\n' "figure" "tessera" "reference" "ratio" "target" "result"
for spec in "access:0.90:access log on (vs off)" "trace-1:0.80:tracing ratio 1.0 (vs off)" "trace-0:0.97:tracing ratio 0 (vs off)"; do
    IFS=: read -r name target label <<<"$spec"
    ratio=$(calc "${O_RPS[$name]} / ${O_RPS[off]}")
    pass=0
    if ge "$ratio" "$target" && [ "${O_BAD[$name]}" -eq 0 ]; then pass=1; fi
    verdict "$label req/s" "$(printf '%.0f' "${O_RPS[$name]}")" "$(printf '%.0f' "${O_RPS[off]}")" \
        "$(printf '%.2f' "$ratio")" ">= $target" "$pass"
done
pass=0
[ "${O_LINES[access]}" -eq "$expected_lines" ] && pass=1
verdict "access lines (vs requests answered)" "${O_LINES[access]}" "$expected_lines" "-" "equal" "$pass"
printf '%s\n' "${RESULTS[@]}"
echo
if [ "$FAILED" = 0 ]; then echo "all targets met"; else echo "some targets missed"; fi
