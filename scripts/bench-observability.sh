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
# Each: wrk -t1 -c64 -dD -s bench/token.lua after a warm-up, a fresh Tessera per mode.

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
    O_RPS[$name]=$R_rps
    O_BAD[$name]=$((R_errors + R_non2xx))
    sleep 1 # let the exporter finish its round
    O_REQUESTS[$name]=$(metric tessera_http_requests_total)
    O_EXPORTED[$name]=$(metric tessera_trace_spans_exported_total)
    O_DROPPED[$name]=$(metric tessera_trace_spans_dropped_total)
    stop_tessera # flushes the log
    # Every request answered, the /metrics scrape above included (its own line comes after it).
    O_LINES[$name]=$(grep -c ' msg=request ' "$WORK/tessera/stderr.log" || true)
    cp "$WORK/tessera/stderr.log" "$WORK/stderr-$name.log"
}

declare -A O_RPS O_BAD O_REQUESTS O_EXPORTED O_DROPPED O_LINES
echo "== observability: warm token path, wrk -t1 -c64 -d${DURATION}s -s bench/token.lua, each mode"
observe off $'logging:\n  access: false'
observe access $'logging:\n  access: true'
observe trace-1 $'logging:\n  access: false\ntracing:\n  otlp_endpoint: "'"$OTLP_URL"$'"\n  sample_ratio: 1.0'
observe trace-0 $'logging:\n  access: false\ntracing:\n  otlp_endpoint: "'"$OTLP_URL"$'"\n  sample_ratio: 0'
for name in trace-1 trace-0; do
    log "$name: spans exported ${O_EXPORTED[$name]}, dropped ${O_DROPPED[$name]}"
done
expected_lines=$((O_REQUESTS[access] + 1))
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
