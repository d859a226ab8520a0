import TesseraJOSE

/// Stateless DPoP nonces (RFC 9449 §8): a nonce names a time window and carries an HMAC of it, so
/// any node holding the same secret accepts it without a store. The App derives the secret from
/// the signing key (`SignerSecret`), which every node of a cluster shares; a new signing key makes
/// the nonces of the old one stale, and a client answered `use_dpop_nonce` just retries with the
/// nonce that answer carries.
///
/// Text: base64url(window as 8 bytes big-endian || first 16 bytes of HMAC-SHA256(secret, label ||
/// window)), 32 characters. A nonce is accepted in its own window and the next one, so it lives
/// between one and two windows (`windowSeconds`).
package struct DPoPNonces: Sendable {
    static let label = Array("tessera dpop nonce".utf8)
    static let textLength = 32
    private let mac: PreparedHMAC
    package let windowSeconds: Int64

    package init(secret: [UInt8], windowSeconds: Int64) {
        self.mac = PreparedHMAC(key: secret)
        self.windowSeconds = max(1, windowSeconds)
    }

    /// The nonce to hand out at `now`.
    package func current(now: Int64) -> String {
        Base64URL.encode(bytes(window: now / windowSeconds))
    }

    /// True for a nonce this secret made in the window of `now` or the one before.
    package func accepts(_ nonce: String, now: Int64) -> Bool {
        guard nonce.utf8.count == Self.textLength, let decoded = Base64URL.decode(nonce), decoded.count == 24 else {
            return false
        }
        var window: Int64 = 0
        for byte in decoded[0..<8] { window = window << 8 | Int64(byte) }
        let current = now / windowSeconds
        guard window == current || window == current - 1 else { return false }
        return OpenSSLCrypto.constantTimeEqual(bytes(window: window), decoded)
    }

    private func bytes(window: Int64) -> [UInt8] {
        var out = withUnsafeBytes(of: window.bigEndian) { Array($0) }
        out.append(contentsOf: mac.authenticate(Self.label + out)[0..<16])
        return out
    }
}
