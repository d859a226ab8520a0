import TesseraJOSE

/// One line of `tessera keys list` (and of `GET /admin/keys`).
package struct KeyListing: Sendable, Equatable {
    package enum State: String, Sendable {
        /// In the JWKS, not signing yet.
        case published
        case signing
        /// Stopped signing; published until `unpublished`.
        case retired
    }

    package let keyID: String
    package let algorithm: JWSAlgorithm
    package let created: Int64
    package let activates: Int64
    /// When a newer key took over; nil while this key is the newest.
    package let stopsSigning: Int64?
    /// When it leaves the JWKS; nil while this key is the newest.
    package let unpublished: Int64?
    package let state: State

    /// The rows for `keys` at `now`, newest first. `signer` is the `kid` signing now (nil when
    /// none of these keys signs: HS256, or another type's key).
    static func rows(_ keys: [StoredKey], schedule: KeySchedule, signer: String?, algorithm: JWSAlgorithm, now: Int64) -> [KeyListing] {
        keys.sorted { $0.key.activation > $1.key.activation }.map { stored in
            let key = stored.key
            let state: State = key.activation > now ? .published : key.keyID.value == signer ? .signing : .retired
            // An Ed25519 key signs under the configured name of its type.
            let shown = key.keyType == .ed25519 && algorithm.keyType == .ed25519 ? algorithm : key.privateKey.algorithm
            return KeyListing(keyID: key.keyID.value, algorithm: shown, created: stored.created, activates: key.activation,
                              stopsSigning: schedule.stopsSigning(key.activation),
                              unpublished: schedule.unpublished(key.activation), state: state)
        }
    }
}
