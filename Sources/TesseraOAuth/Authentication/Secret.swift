import TesseraJOSE

/// Generated client secrets: 32 random bytes (256 bits) as unpadded base64url, 43 characters, safe in
/// URLs, forms and shells without quoting.
package enum Secret {
    package static let randomByteCount = 32

    package static func generate() -> String {
        Base64.encode(OpenSSLCrypto.randomBytes(randomByteCount), alphabet: .url)
    }

    /// A new secret with its fast hash, as `tessera secret generate` prints them.
    package static func generateWithHash() -> (secret: String, hash: SecretHash) {
        let secret = generate()
        return (secret, SecretHash.makeFast(secret: Array(secret.utf8)))
    }
}
