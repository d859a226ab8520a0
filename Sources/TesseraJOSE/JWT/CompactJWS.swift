/// The one compact JWS serializer (RFC 7515 §7.1): `base64url(header).base64url(payload).
/// base64url(signature)`. Access tokens, RFC 9701 introspection responses and the status list
/// token go through it by way of `TokenSigner`; the tests forge tokens with any header and any
/// signature bytes through it directly.
package enum CompactJWS {
    /// Appends the compact JWS to `out`: `encodedHeader` (already base64url), the payload JSON that
    /// `payload` appends to the buffer it is given, and the signature that `sign` appends over the
    /// signing input `header.payload`. `scratch` is working space (its contents are replaced):
    /// reused across calls, steady-state serializing allocates nothing. On error `out` is left as it was.
    package static func append<Failure: Error>(
        encodedHeader: [UInt8], into out: inout [UInt8], scratch: inout [UInt8],
        payload: (inout [UInt8]) -> Void,
        sign: (_ signingInput: UnsafeRawBufferPointer, _ signature: inout [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        let start = out.count
        out.append(contentsOf: encodedHeader)
        out.append(UInt8(ascii: "."))
        scratch.removeAll(keepingCapacity: true)
        payload(&scratch)
        scratch.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        let end = out.count
        scratch.removeAll(keepingCapacity: true)
        var failure: Failure?
        out.withUnsafeBytes { bytes in
            do throws(Failure) {
                try sign(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), &scratch)
            } catch {
                failure = error
            }
        }
        if let failure {
            out.removeSubrange(start...)
            throw failure
        }
        out.append(UInt8(ascii: "."))
        scratch.withUnsafeBytes { Base64URL.encode($0, into: &out) }
    }
}
