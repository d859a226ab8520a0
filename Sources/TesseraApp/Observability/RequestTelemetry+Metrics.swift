import TesseraTelemetry

extension RequestTelemetry {
    /// `tessera_build_info`, the log lines dropped and, with tracing, the span counters.
    func renderMetrics(into out: inout String) {
        out += "# HELP tessera_build_info The running version and the source revision it was built from.\n"
        out += "# TYPE tessera_build_info gauge\n"
        out += "tessera_build_info{version=\"\(BuildInfo.version)\",revision=\"\(BuildInfo.revision)\"} 1\n"
        out += "# HELP tessera_log_lines_dropped_total Log lines dropped because stderr did not keep up (logging.buffer was full).\n"
        out += "# TYPE tessera_log_lines_dropped_total counter\n"
        out += "tessera_log_lines_dropped_total \(Log.sink.droppedLines)\n"
        guard let exporter else { return }
        out += "# HELP tessera_trace_spans_exported_total Spans the OTLP collector accepted.\n"
        out += "# TYPE tessera_trace_spans_exported_total counter\n"
        out += "tessera_trace_spans_exported_total \(exporter.exported)\n"
        out += "# HELP tessera_trace_spans_dropped_total Spans dropped: the queue was full or the collector did not take them.\n"
        out += "# TYPE tessera_trace_spans_dropped_total counter\n"
        out += "tessera_trace_spans_dropped_total \(exporter.dropped)\n"
    }
}
