extension SecretHash {
    /// The secret hash of a client that authenticates with keys or certificates only (private_key_jwt,
    /// tls_client_auth, self_signed_tls_client_auth): no secret
    /// has this HMAC (all zeros), so every secret presented for it fails, in constant time like any
    /// other wrong secret.
    package static let unusable = SecretHash(
        algorithm: .hmacSHA256, salt: Array("tessera: no secret".utf8), digest: [UInt8](repeating: 0, count: 32))
}
