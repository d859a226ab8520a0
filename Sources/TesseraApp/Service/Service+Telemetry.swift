import TesseraConfig
import TesseraTelemetry

extension Service {
    /// `logging.level` (or `TESSERA_LOG_LEVEL`), `logging.format` and `logging.buffer`, applied
    /// at start and reload.
    static func applyLogging(_ config: Config, _ settings: ServiceSettings) {
        Log.level = settings.level(for: config)
        Log.format = config.logging.format == .json ? .json : .logfmt
        Log.sink.limit = config.logging.buffer
    }

    /// The span exporter for `tracing:`, or nil without that section.
    static func exporter(_ config: Config, metrics: Metrics) throws(ServiceError) -> SpanExporter? {
        guard let tracing = config.tracing else { return nil }
        let endpoint: OTLPEndpoint
        switch OTLPEndpoint.parse(tracing.otlpEndpoint) {
        case .success(let parsed): endpoint = parsed
        case .failure(let error):
            throw .configuration(ConfigError(file: config.sourceFile ?? "", keyPath: "tracing.otlp_endpoint", message: error.message))
        }
        let encoder = OTLPTraceEncoder(serviceName: tracing.serviceName, serviceVersion: BuildInfo.version)
        return SpanExporter(endpoint: endpoint, encoder: encoder) { reason in
            Log.warning("trace export failed; spans dropped (reported at most once a minute)",
                        [("endpoint", tracing.otlpEndpoint), ("reason", reason)])
        }
    }
}
