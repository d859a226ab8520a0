import TesseraOAuth

/// The token endpoint reports into the same lock-free counters that /metrics renders.
extension Metrics: TokenMetrics {
    func tokenIssued(algorithm: String) {
        tokensIssued(algorithmIndex: algorithm == "HS256" ? 1 : 0)
    }

    func cacheLookup(tier: String, cache: String, hit: Bool) {
        let tierValue: Tier = switch tier {
        case "redis": .redis
        case "postgres": .postgres
        default: .local
        }
        recordLookup(tierValue, cache: Self.caches.firstIndex(of: cache) ?? 0, hit: hit)
    }

    func signed(nanoseconds: UInt64) {
        signDuration.observe(nanos: Int(nanoseconds))
    }

    func slowHashVerified(nanoseconds: UInt64, success: Bool) {
        recordSlowHash(success: success)
    }

    func slowHashRefused() {
        recordSlowHashRefused()
    }
}
