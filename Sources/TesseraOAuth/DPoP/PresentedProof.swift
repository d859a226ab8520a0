import Synchronization

/// The `DPoP` header of one token request, as sent, with a number that tells this request from
/// any other carrying the same proof: the pass a request earns by claiming the proof's `jti`
/// (`DPoPCheck`) is for it alone, so answering it again is not a replay and a second request
/// with the same proof is.
package struct PresentedProof: Sendable, Equatable {
    package var bytes: [UInt8]
    package var attempt: UInt64

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        attempt = Self.nextAttempt.add(1, ordering: .relaxed).newValue
    }

    private static let nextAttempt = Atomic<UInt64>(0)
}
