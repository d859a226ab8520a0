/// `tracing:` — present only when spans are exported over OTLP/HTTP (protobuf).
package struct TracingConfig: Sendable, Equatable {
    /// `http://HOST:PORT/PATH` of an OTLP/HTTP collector.
    package var otlpEndpoint: String
    /// The share of requests without a sampled parent that are traced, 0 to 1.
    package var sampleRatio: Double
    /// The `service.name` resource attribute.
    package var serviceName: String

    package init(otlpEndpoint: String = "http://127.0.0.1:4318/v1/traces", sampleRatio: Double = 1.0,
                 serviceName: String = "tessera") {
        self.otlpEndpoint = otlpEndpoint
        self.sampleRatio = sampleRatio
        self.serviceName = serviceName
    }
}
