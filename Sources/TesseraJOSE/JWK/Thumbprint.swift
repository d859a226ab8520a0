import COpenSSL

/// RFC 7638 JWK thumbprints: SHA-256 over the required members in lexicographic order,
/// without whitespace, base64url-encoded.
package enum Thumbprint {
    /// Thumbprint of an OKP key (RFC 8037 §2): members `crv`, `kty`, `x`.
    package static func okp(crv: String, x: String) -> String {
        of([("crv", crv), ("kty", "OKP"), ("x", x)])
    }

    /// Thumbprint of an RSA key (RFC 7638 §3.2): members `e`, `kty`, `n`.
    package static func rsa(e: String, n: String) -> String {
        of([("e", e), ("kty", "RSA"), ("n", n)])
    }

    /// Thumbprint of an EC key (RFC 7518 §6.2): members `crv`, `kty`, `x`, `y`.
    package static func ec(crv: String, x: String, y: String) -> String {
        of([("crv", crv), ("kty", "EC"), ("x", x), ("y", y)])
    }

    /// The thumbprint of the required members, given in lexicographic order of their names
    /// (RFC 7638 §3.3): `{"name":"value",...}` without whitespace, hashed.
    static func of(_ members: [(name: StaticString, value: String)]) -> String {
        var json: [UInt8] = [UInt8(ascii: "{")]
        json.reserveCapacity(members.reduce(16) { $0 + $1.value.utf8.count + 8 })
        for (index, member) in members.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "\""))
            JSONWriter.appendRaw(member.name, to: &json)
            JSONWriter.appendRaw("\":", to: &json)
            JSONWriter.appendString(member.value, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return digest(json)
    }

    /// base64url(SHA-256(bytes)).
    static func digest(_ bytes: [UInt8]) -> String {
        var hash = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { input in
            // SHA256() cannot fail for in-memory input.
            _ = SHA256(input.baseAddress, input.count, &hash)
        }
        return Base64URL.encode(hash)
    }
}
