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
}
