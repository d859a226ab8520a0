/// The JWS `alg` values Tessera signs or verifies (RFC 7518 §3, RFC 8037 §3.1, RFC 9864 §2).
package enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Ed25519 under the polymorphic name RFC 9864 deprecates (still what most verifiers know).
    case EdDSA
    /// Ed25519 under its fully-specified name (RFC 9864).
    case Ed25519
    /// ECDSA with P-256 and SHA-256; signatures are `r || s`, 64 bytes.
    case ES256
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case RS256
    /// RSASSA-PSS with SHA-256 (MGF1 SHA-256, 32-byte salt); verified in client assertions only.
    case PS256
    /// HMAC with SHA-256.
    case HS256

    /// The kind of key this algorithm signs with; nil for HMAC.
    package var keyType: KeyType? {
        switch self {
        case .EdDSA, .Ed25519: .ed25519
        case .ES256: .es256
        case .RS256, .PS256: .rs256
        case .HS256: nil
        }
    }
}

/// A JWS `kid`: for an asymmetric key its RFC 7638 thumbprint, for an HS256 key an identifier
/// derived one-way from the secret (see `HS256Key`).
package struct KeyID: Hashable, Sendable, CustomStringConvertible {
    package let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var description: String { value }
}
