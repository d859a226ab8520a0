/// The few DER (X.690) encodings TesseraJOSE writes itself: lengths, unsigned integers and the
/// SubjectPublicKeyInfo / RSAPublicKey wrappers for public keys given as JWK members.
package enum DER {
    /// A definite length: short form below 128, long form otherwise.
    package static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var rest = count
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// An INTEGER holding the unsigned big-endian `magnitude` (leading zeros dropped, a zero byte
    /// added before a high bit).
    package static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        var value = Array(magnitude.drop { $0 == 0 })
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return [0x02] + length(value.count) + value
    }

    /// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
    package static func rsaPublicKey(n: [UInt8], e: [UInt8]) -> [UInt8] {
        let body = unsignedInteger(n) + unsignedInteger(e)
        return [0x30] + length(body.count) + body
    }

    /// The SubjectPublicKeyInfo prefix of an uncompressed P-256 point (id-ecPublicKey,
    /// prime256v1, BIT STRING of 66 bytes); append `04 || x || y`.
    package static let p256PublicKeyPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A, 0x86, 0x48,
        0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ]
}
