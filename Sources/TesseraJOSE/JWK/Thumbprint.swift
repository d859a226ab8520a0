import COpenSSL

/// RFC 7638 JWK thumbprints: SHA-256 over the required members in lexicographic order,
/// without whitespace, base64url-encoded.
package enum Thumbprint {
    /// Thumbprint of an OKP key (RFC 8037 §2): members `crv`, `kty`, `x`.
    package static func okp(crv: String, x: String) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(96)
        JSONWriter.appendRaw("{\"crv\":", to: &json)
        JSONWriter.appendString(crv, to: &json)
        JSONWriter.appendRaw(",\"kty\":\"OKP\",\"x\":", to: &json)
        JSONWriter.appendString(x, to: &json)
        JSONWriter.appendRaw("}", to: &json)
        return digest(json)
    }

    /// Thumbprint of an RSA key (RFC 7638 §3.2): members `e`, `kty`, `n`.
    package static func rsa(e: String, n: String) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(n.utf8.count + 48)
        JSONWriter.appendRaw("{\"e\":", to: &json)
        JSONWriter.appendString(e, to: &json)
        JSONWriter.appendRaw(",\"kty\":\"RSA\",\"n\":", to: &json)
        JSONWriter.appendString(n, to: &json)
        JSONWriter.appendRaw("}", to: &json)
        return digest(json)
    }

    /// Thumbprint of an EC key (RFC 7518 §6.2): members `crv`, `kty`, `x`, `y`.
    package static func ec(crv: String, x: String, y: String) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(160)
        JSONWriter.appendRaw("{\"crv\":", to: &json)
        JSONWriter.appendString(crv, to: &json)
        JSONWriter.appendRaw(",\"kty\":\"EC\",\"x\":", to: &json)
        JSONWriter.appendString(x, to: &json)
        JSONWriter.appendRaw(",\"y\":", to: &json)
        JSONWriter.appendString(y, to: &json)
        JSONWriter.appendRaw("}", to: &json)
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
