import TesseraOAuth

/// Introspection and revocation report into the same lock-free counters that /metrics renders.
extension Metrics: IntrospectionRevocationMetrics {
    func introspected(_ result: IntrospectionResult) {
        introspections.add(result.rawValue)
    }

    func revocationAnswered(_ result: RevocationResult) {
        revocations.add(result.rawValue)
    }

    func renderIntrospectionRevocation(into out: inout String) {
        out += "# HELP tessera_introspections_total Introspection answers, by result (active or why inactive).\n"
        out += "# TYPE tessera_introspections_total counter\n"
        for result in IntrospectionResult.allCases {
            out += "tessera_introspections_total{result=\"\(result.label)\"} \(introspections.load(result.rawValue))\n"
        }
        out += "# HELP tessera_revocations_total Revocation requests, by result.\n"
        out += "# TYPE tessera_revocations_total counter\n"
        for result in RevocationResult.allCases {
            out += "tessera_revocations_total{result=\"\(result.label)\"} \(revocations.load(result.rawValue))\n"
        }
    }
}
