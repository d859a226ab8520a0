import TesseraJOSE

extension SecretHash {
    /// Parses `$hmac-sha256$salt$hash` or `$pbkdf2-sha256$i=N$salt$hash`.
    package static func parse(_ string: String) throws(SecretHashError) -> SecretHash {
        var fields: [Substring] = []
        var rest = Substring(string)
        guard rest.first == "$" else { throw .malformed("must start with $") }
        rest = rest.dropFirst()
        while let dollar = rest.firstIndex(of: "$") {
            fields.append(rest[..<dollar])
            rest = rest[rest.index(after: dollar)...]
        }
        fields.append(rest)

        let algorithm: Algorithm
        let encoded: ArraySlice<Substring>
        switch fields[0] {
        case "hmac-sha256":
            guard fields.count == 3 else { throw .malformed("expected $hmac-sha256$<salt>$<hash>") }
            algorithm = .hmacSHA256
            encoded = fields[1...]
        case "pbkdf2-sha256":
            guard fields.count == 4 else { throw .malformed("expected $pbkdf2-sha256$i=<iterations>$<salt>$<hash>") }
            let parameter = fields[1]
            guard parameter.hasPrefix("i="), let iterations = Int(parameter.dropFirst(2)),
                iterations >= 1, iterations <= Int(Int32.max)
            else { throw .malformed("pbkdf2-sha256 needs i=<iterations> with iterations >= 1") }
            algorithm = .pbkdf2SHA256(iterations: iterations)
            encoded = fields[2...]
        default:
            throw .unknownAlgorithm(String(fields[0]))
        }
        guard let salt = Base64.decode(String(encoded[encoded.startIndex]), alphabet: .standard), salt.count >= 8
        else { throw .malformed("salt must be base64 of at least 8 bytes") }
        guard let digest = Base64.decode(String(encoded[encoded.startIndex + 1]), alphabet: .standard),
            digest.count == OpenSSLCrypto.sha256Length
        else { throw .malformed("hash must be base64 of 32 bytes") }
        return SecretHash(algorithm: algorithm, salt: salt, digest: digest)
    }

    /// The PHC string to store in `clients[].secret_hash`.
    package var phcString: String {
        let salt = Base64.encode(salt, alphabet: .standard)
        let digest = Base64.encode(digest, alphabet: .standard)
        switch algorithm {
        case .hmacSHA256: return "$hmac-sha256$\(salt)$\(digest)"
        case .pbkdf2SHA256(let iterations): return "$pbkdf2-sha256$i=\(iterations)$\(salt)$\(digest)"
        }
    }
}
