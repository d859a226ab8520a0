import COpenSSL

/// The few OpenSSL primitives the OAuth module needs: random bytes, PBKDF2-HMAC-SHA256 and a
/// constant-time comparison (HMAC-SHA256 is `PreparedHMAC`).
package enum OpenSSLCrypto {
    package static let sha256Length = 32

    /// Cryptographically secure random bytes; traps if the CSPRNG fails (nothing safe can go on).
    package static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fillRandom($0) }
        return bytes
    }

    package static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count > 0 else { return }
        let status = RAND_bytes(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
        precondition(status == 1, "RAND_bytes failed: the system CSPRNG is unusable")
    }

    /// Initialises libcrypto without its exit-time clean-up: `exit` runs while background threads
    /// (the slow-hash pool, the start-up measurement of the refusal floor) may still be inside
    /// libcrypto, and OpenSSL's atexit handler would free what they use under them (seen as
    /// "PKCS5_PBKDF2_HMAC failed" when a node exited at once on a taken port). The process's memory
    /// goes with it anyway. Call first thing in `main`.
    package static func keepLoadedUntilExit() {
        _ = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
    }

    /// PBKDF2-HMAC-SHA256 with a 32-byte output.
    package static func pbkdf2SHA256(password: UnsafeRawBufferPointer, salt: [UInt8], iterations: Int) -> [UInt8] {
        precondition(iterations >= 1 && iterations <= Int(Int32.max))
        var out = [UInt8](repeating: 0, count: sha256Length)
        let status = salt.withUnsafeBufferPointer { salt in
            out.withUnsafeMutableBufferPointer { out in
                PKCS5_PBKDF2_HMAC(
                    password.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(password.count),
                    salt.baseAddress, Int32(salt.count), Int32(iterations), EVP_sha256(),
                    Int32(out.count), out.baseAddress)
            }
        }
        precondition(status == 1, "PKCS5_PBKDF2_HMAC failed")
        return out
    }

    /// True when both buffers have the same length and content; time depends only on the length.
    package static func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
    }

    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in constantTimeEqual(a, b) } }
    }
}
