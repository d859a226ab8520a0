/// The kinds of asymmetric signing key the key directory holds, one file-name prefix each:
/// `ed25519-<activation>.pem`, `es256-<activation>.pem`, `rs256-<activation>.pem`.
package enum KeyType: String, Sendable, Hashable, CaseIterable {
    case ed25519
    /// ECDSA over P-256.
    case es256
    /// RSA, 2048 bits or more.
    case rs256

    /// File names of this type start with this.
    package var filePrefix: String { rawValue + "-" }

    /// The algorithm a key of this type signs access tokens with when `tokens.algorithm` does not
    /// name another one for the same type (Ed25519 keys sign `EdDSA` or `Ed25519`).
    package var defaultAlgorithm: JWSAlgorithm {
        switch self {
        case .ed25519: .EdDSA
        case .es256: .ES256
        case .rs256: .RS256
        }
    }

    /// A new random key of this type (RSA: 2048 bits).
    package func generate() throws(JOSEError) -> any DirectoryKey {
        switch self {
        case .ed25519: try Ed25519PrivateKey.generate()
        case .es256: try P256PrivateKey.generate()
        case .rs256: try RSAPrivateKey.generate()
        }
    }

    /// A key of this type from a PKCS#8 PEM document; a key of another type is an error.
    package func load(pem: [UInt8]) throws(JOSEError) -> any DirectoryKey {
        switch self {
        case .ed25519: try Ed25519PrivateKey(pem: pem)
        case .es256: try P256PrivateKey(pem: pem)
        case .rs256: try RSAPrivateKey(pem: pem)
        }
    }
}

/// A private key kept in the key directory: signs access tokens under its type's algorithm and
/// has a public half to publish and verify with.
package protocol DirectoryKey: JWSSigner {
    var keyType: KeyType { get }
    /// Verifies what this key signed; `jwk` is what the JWKS publishes.
    var verifier: any PublicKey { get }
    /// The key as an unencrypted PKCS#8 PEM document.
    func pemRepresentation() throws(JOSEError) -> [UInt8]
}

/// A public key that verifies JWS signatures and can be published as a JWK.
package protocol PublicKey: JWSVerifier {
    var jwk: JWK { get }
}
