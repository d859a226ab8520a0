import TesseraJOSE
import TesseraStore

/// What the introspection and revocation endpoints report for `/metrics`, on top of the token
/// endpoint's lookups (`cacheLookup` with cache "introspection" for the introspection cache).
/// Calls come from I/O threads concurrently and must be cheap.
package protocol IntrospectionRevocationMetrics: TokenMetrics {
    /// One introspection answered (`tessera_introspections_total{result}`).
    func introspected(_ result: IntrospectionResult)
    /// One revocation request answered (`tessera_revocations_total{result}`).
    func revocationAnswered(_ result: RevocationResult)
}

/// Reports nothing.
package final class NoIntrospectionRevocationMetrics: IntrospectionRevocationMetrics {
    package init() {}
    package func tokenIssued(algorithm: JWSAlgorithm) {}
    package func cacheLookup(tier: StoreTier, cache: LookupCache, hit: Bool) {}
    package func signed(nanoseconds: UInt64) {}
    package func slowHashVerified(nanoseconds: UInt64, success: Bool) {}
    package func introspected(_ result: IntrospectionResult) {}
    package func revocationAnswered(_ result: RevocationResult) {}
}

/// What a revocation request came to.
package enum RevocationResult: Int, Sendable, CaseIterable {
    /// The caller's own live token, now revoked.
    case revoked
    /// The caller's own token, revoked before.
    case alreadyRevoked
    /// Expired, malformed, unknown or otherwise not a live token: nothing to do (still 200).
    case inactive
    /// A live token of another client: refused with `unauthorized_client`, not revoked.
    case notOwner

    package var label: String {
        switch self {
        case .revoked: "revoked"
        case .alreadyRevoked: "already_revoked"
        case .inactive: "inactive"
        case .notOwner: "not_owner"
        }
    }
}
