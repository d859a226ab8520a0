import TesseraJOSE
import TesseraStore

/// What the token endpoint reports for `/metrics`; the App implements it over its Prometheus
/// registry. Calls come from I/O threads concurrently and must be cheap (an atomic add). A class:
/// the endpoints call it through `any TokenMetrics` several times a request, and a class
/// existential is one reference to borrow, where a value one was copied out and destroyed around
/// every call.
package protocol TokenMetrics: AnyObject, Sendable {
    /// A newly signed token (`tessera_tokens_issued_total{algorithm}`); reused tokens are not counted.
    func tokenIssued(algorithm: JWSAlgorithm)
    /// A lookup in a cache tier (`tessera_cache_lookups_total{tier,cache,result}`).
    func cacheLookup(tier: StoreTier, cache: LookupCache, hit: Bool)
    /// One signature (`tessera_sign_duration_seconds`).
    func signed(nanoseconds: UInt64)
    /// One slow secret hash (PBKDF2) verification, run off the I/O thread.
    func slowHashVerified(nanoseconds: UInt64, success: Bool)
    /// A slow verification refused because `SlowHashPool`'s queue was full (answered 503).
    func slowHashRefused()
    /// A client authenticated with a secret other than its newest (`expiresAt`: when that one
    /// stops, unix seconds).
    func previousSecretUsed(clientID: String, expiresAt: Int64?)
}

extension TokenMetrics {
    package func slowHashRefused() {}
    package func previousSecretUsed(clientID: String, expiresAt: Int64?) {}
}

/// Reports nothing.
package final class NoTokenMetrics: TokenMetrics {
    package init() {}
    package func tokenIssued(algorithm: JWSAlgorithm) {}
    package func cacheLookup(tier: StoreTier, cache: LookupCache, hit: Bool) {}
    package func signed(nanoseconds: UInt64) {}
    package func slowHashVerified(nanoseconds: UInt64, success: Bool) {}
}

/// Which cache a lookup was for: client records, reusable tokens, verified secrets, introspection
/// results. Its `name` is the `cache` label of `tessera_cache_lookups_total`.
package enum LookupCache: Int, Sendable, CaseIterable {
    case client, token, secret, introspection

    package var name: String {
        switch self {
        case .client: "client"
        case .token: "token"
        case .secret: "secret"
        case .introspection: "introspection"
        }
    }
}
