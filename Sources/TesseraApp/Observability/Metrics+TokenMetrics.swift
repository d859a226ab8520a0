import TesseraOAuth
import TesseraStore

/// The token endpoint reports into the same lock-free counters that /metrics renders.
extension Metrics: TokenMetrics {
    func cacheLookup(tier: StoreTier, cache: LookupCache, hit: Bool) {
        recordLookup(tier, cache: cache, hit: hit)
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

    func previousSecretUsed(clientID: String, expiresAt: Int64?) {
        previousSecrets.record(clientID: clientID, expiresAt: expiresAt)
    }
}
