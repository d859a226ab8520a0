import TesseraJOSE

/// A stored client secret hash as a PHC string that names its algorithm:
///
/// - `$hmac-sha256$<salt>$<hash>`: HMAC-SHA256 keyed by a 16-byte random salt, for generated secrets
///   (256 random bits: a fast hash is enough, nothing can be guessed);
/// - `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`: PBKDF2-HMAC-SHA256, 16-byte salt, 32-byte output,
///   for secrets a person chose. New hashes use 600,000 iterations (OWASP 2023); any count >= 1
///   parses, so tests can use small ones.
///
/// Salt and hash are standard base64 without padding, as the PHC string format specifies.
package struct SecretHash: Sendable, Equatable {
    package static func == (a: SecretHash, b: SecretHash) -> Bool {
        a.algorithm == b.algorithm && a.salt == b.salt && a.digest == b.digest
    }

    package enum Algorithm: Sendable, Equatable {
        case hmacSHA256
        case pbkdf2SHA256(iterations: Int)
    }

    package static let defaultPBKDF2Iterations = 600_000
    static let saltLength = 16

    package let algorithm: Algorithm
    package let salt: [UInt8]
    package let digest: [UInt8]
    /// The salt's HMAC key schedule, for the per-request check of a fast hash.
    private let keyedSalt: PreparedHMAC?

    package init(algorithm: Algorithm, salt: [UInt8], digest: [UInt8]) {
        self.algorithm = algorithm
        self.keyedSalt = algorithm == .hmacSHA256 ? PreparedHMAC(key: salt) : nil
        self.salt = salt
        self.digest = digest
    }

    /// True when verifying costs real time (PBKDF2): such a verification must run off the I/O thread.
    package var isSlow: Bool {
        if case .pbkdf2SHA256 = algorithm { return true }
        return false
    }

    /// Verifies a presented secret; compares in constant time.
    package func verify(_ secret: UnsafeRawBufferPointer) -> Bool {
        guard case .hmacSHA256 = algorithm else {
            let candidate = Self.compute(algorithm, secret: secret, salt: salt)
            return OpenSSLCrypto.constantTimeEqual(candidate, digest)
        }
        // The per-request path: a prepared key schedule, stack space, no allocation.
        return withUnsafeTemporaryAllocation(byteCount: PreparedHMAC.length, alignment: 8) { candidate in
            keyedSalt!.authenticate(secret, into: candidate)
            return digest.withUnsafeBytes { OpenSSLCrypto.constantTimeEqual(UnsafeRawBufferPointer(candidate), $0) }
        }
    }

    package func verify(_ secret: [UInt8]) -> Bool {
        secret.withUnsafeBytes { verify($0) }
    }

    /// The hash for a generated secret (`tessera secret generate`).
    package static func makeFast(secret: [UInt8]) -> SecretHash {
        make(.hmacSHA256, secret: secret)
    }

    /// The hash for a human-chosen secret (`tessera secret hash`).
    package static func makePBKDF2(secret: [UInt8], iterations: Int = defaultPBKDF2Iterations) -> SecretHash {
        make(.pbkdf2SHA256(iterations: iterations), secret: secret)
    }

    private static func make(_ algorithm: Algorithm, secret: [UInt8]) -> SecretHash {
        let salt = OpenSSLCrypto.randomBytes(saltLength)
        let digest = secret.withUnsafeBytes { compute(algorithm, secret: $0, salt: salt) }
        return SecretHash(algorithm: algorithm, salt: salt, digest: digest)
    }

    static func compute(_ algorithm: Algorithm, secret: UnsafeRawBufferPointer, salt: [UInt8]) -> [UInt8] {
        switch algorithm {
        case .hmacSHA256:
            var out = [UInt8](repeating: 0, count: PreparedHMAC.length)
            salt.withUnsafeBytes { key in
                out.withUnsafeMutableBytes { PreparedHMAC.authenticate(key: key, message: secret, into: $0) }
            }
            return out
        case .pbkdf2SHA256(let iterations):
            return OpenSSLCrypto.pbkdf2SHA256(password: secret, salt: salt, iterations: iterations)
        }
    }
}

/// Why a stored secret hash string cannot be used. Config loading reports it with the key path.
package enum SecretHashError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownAlgorithm(String)
    case malformed(String)

    package var description: String {
        switch self {
        case .unknownAlgorithm(let name): "unknown secret hash algorithm \"\(name)\" (expected hmac-sha256 or pbkdf2-sha256)"
        case .malformed(let reason): "malformed secret hash: \(reason)"
        }
    }
}
