import TesseraJOSE
import TesseraOAuth
import TesseraStore

/// Tessera's Prometheus metrics. Every series is a lock-free counter so that recording costs a
/// few relaxed atomic adds on the I/O thread; `render` produces the text exposition format.
final class Metrics: Sendable {
    static let statusSlots = 600

    private let requests = Counters(count: Endpoint.allCases.count * statusSlots)
    let requestDuration = Histogram(
        name: "tessera_http_request_duration_seconds", help: "Time from a parsed request to its response.",
        label: "endpoint", series: Endpoint.allCases.map(\.label))
    private let cacheLookups = Counters(count: StoreTier.allCases.count * LookupCache.allCases.count * 2)
    private let tokensIssued = Counters(count: JWSAlgorithm.allCases.count)
    let signDuration = Histogram(name: "tessera_sign_duration_seconds", help: "Time to sign one access token.")
    private let slowHashes = Counters(count: 3)
    let dbPoolWait = Histogram(
        name: "tessera_db_pool_wait_duration_seconds",
        help: "Time a request waited for a pooled PostgreSQL connection (only requests that had to wait).")
    let introspections = Counters(count: IntrospectionResult.allCases.count)
    let revocations = Counters(count: RevocationResult.allCases.count)
    let reloads = ReloadMetrics()
    let previousSecrets = PreviousSecretUse()

    func recordRequest(_ endpoint: Endpoint, status: Int, nanos: Int) {
        let slot = min(max(status, 0), Self.statusSlots - 1)
        requests.add(endpoint.rawValue * Self.statusSlots + slot)
        requestDuration.observe(series: endpoint.rawValue, nanos: nanos)
    }

    func recordLookup(_ tier: StoreTier, cache: LookupCache, hit: Bool) {
        cacheLookups.add((tier.rawValue * Self.lookupCaches + cache.rawValue) * 2 + (hit ? 0 : 1))
    }

    /// Counted once: `allCases` builds its array on every call (three lookups a warm request).
    private static let lookupCaches = LookupCache.allCases.count

    func tokenIssued(algorithm: JWSAlgorithm) {
        tokensIssued.add(JWSAlgorithm.allCases.firstIndex(of: algorithm) ?? 0)
    }

    func recordSlowHash(success: Bool) {
        slowHashes.add(success ? 0 : 1)
    }

    /// A slow verification refused because the hash queue was full (503).
    func recordSlowHashRefused() {
        slowHashes.add(2)
    }

    func render(openConnections: Int, extra: (inout String) -> Void = { _ in }) -> String {
        var out = "# HELP tessera_http_requests_total HTTP requests answered, by endpoint and status.\n"
        out += "# TYPE tessera_http_requests_total counter\n"
        for endpoint in Endpoint.allCases {
            for status in 100..<Self.statusSlots {
                let n = requests.load(endpoint.rawValue * Self.statusSlots + status)
                if n > 0 {
                    out += "tessera_http_requests_total{endpoint=\"\(endpoint.label)\",status=\"\(status)\"} \(n)\n"
                }
            }
        }
        requestDuration.render(into: &out)
        out += "# HELP tessera_cache_lookups_total Lookups by cache tier and result.\n"
        out += "# TYPE tessera_cache_lookups_total counter\n"
        for tier in StoreTier.lookupTiers {
            for cache in LookupCache.allCases {
                let base = (tier.rawValue * LookupCache.allCases.count + cache.rawValue) * 2
                let labels = "tier=\"\(tier.name)\",cache=\"\(cache.name)\""
                out += "tessera_cache_lookups_total{\(labels),result=\"hit\"} \(cacheLookups.load(base))\n"
                out += "tessera_cache_lookups_total{\(labels),result=\"miss\"} \(cacheLookups.load(base + 1))\n"
            }
        }
        out += "# HELP tessera_tokens_issued_total Access tokens signed, by algorithm.\n"
        out += "# TYPE tessera_tokens_issued_total counter\n"
        for (index, algorithm) in JWSAlgorithm.allCases.enumerated() where algorithm != .PS256 {  // PS256 only verifies
            out += "tessera_tokens_issued_total{algorithm=\"\(algorithm.rawValue)\"} \(tokensIssued.load(index))\n"
        }
        signDuration.render(into: &out)
        out += "# HELP tessera_secret_hash_verifications_total Slow secret hash verifications, by result.\n"
        out += "# TYPE tessera_secret_hash_verifications_total counter\n"
        out += "tessera_secret_hash_verifications_total{result=\"match\"} \(slowHashes.load(0))\n"
        out += "tessera_secret_hash_verifications_total{result=\"mismatch\"} \(slowHashes.load(1))\n"
        out += "tessera_secret_hash_verifications_total{result=\"refused\"} \(slowHashes.load(2))\n"
        renderIntrospectionRevocation(into: &out)
        out += "# HELP tessera_http_open_connections Client connections currently open.\n"
        out += "# TYPE tessera_http_open_connections gauge\n"
        out += "tessera_http_open_connections \(openConnections)\n"
        dbPoolWait.render(into: &out)
        reloads.render(into: &out)
        previousSecrets.render(into: &out)
        extra(&out)
        return out
    }
}
