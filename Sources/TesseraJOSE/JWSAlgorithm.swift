/// The JWS `alg` values Tessera signs and verifies (RFC 7518 §3.2, RFC 8037 §3.1).
package enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    case EdDSA
    case HS256
}

/// A JWS `kid`: for an Ed25519 key its RFC 7638 thumbprint, for an HS256 key an identifier
/// derived one-way from the secret (see `HS256Key`).
package struct KeyID: Hashable, Sendable, CustomStringConvertible {
    package let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var description: String { value }
}
