/// A signer prepared for writing JWTs: the signer plus its base64url-encoded protected header
/// `{"alg":"...","typ":"<type>","kid":"..."}`, which never changes for a key and type and is
/// therefore encoded once. Access tokens use `typ: at+jwt`; introspection responses and the status
/// list token name their own type. The serializing itself is `CompactJWS`.
package final class TokenSigner: Sendable {
    package let signer: any JWSSigner
    /// base64url of the header JSON, the first segment of every token this signer writes.
    package let encodedHeader: [UInt8]

    package var algorithm: JWSAlgorithm { signer.algorithm }
    package var keyID: KeyID { signer.keyID }

    package convenience init(_ signer: any JWSSigner, type: String = "at+jwt") {
        self.init(signer, header: Self.headerJSON(algorithm: signer.algorithm, keyID: signer.keyID, type: type))
    }

    /// A header given as JSON, written as is (the tests sign headers no issuer would write).
    package init(_ signer: any JWSSigner, header: [UInt8]) {
        self.signer = signer
        var encoded: [UInt8] = []
        header.withUnsafeBytes { Base64URL.encode($0, into: &encoded) }
        self.encodedHeader = encoded
    }

    /// The protected header in its fixed member order.
    package static func headerJSON(algorithm: JWSAlgorithm, keyID: KeyID, type: String = "at+jwt") -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.appendRaw("{\"alg\":", to: &out)
        JSONWriter.appendString(algorithm.rawValue, to: &out)
        JSONWriter.appendRaw(",\"typ\":", to: &out)
        JSONWriter.appendString(type, to: &out)
        JSONWriter.appendRaw(",\"kid\":", to: &out)
        JSONWriter.appendString(keyID.value, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends the compact JWS for the payload JSON that `payload` writes. `scratch` is working
    /// space; reuse it across calls so that steady-state issuing allocates nothing. On error `out`
    /// is left as it was.
    package func append(into out: inout [UInt8], scratch: inout [UInt8], payload: (inout [UInt8]) -> Void) throws(JOSEError) {
        try CompactJWS.append(encodedHeader: encodedHeader, into: &out, scratch: &scratch, payload: payload) {
            (input, signature) throws(JOSEError) in try signer.sign(input, appendingTo: &signature)
        }
    }

    /// Appends the compact JWS `header.payload.signature` for `claims` to `out`.
    package func appendToken(claims: AccessTokenClaims, into out: inout [UInt8], scratch: inout [UInt8]) throws(JOSEError) {
        try append(into: &out, scratch: &scratch) { claims.appendJSON(to: &$0) }
    }

    /// `appendToken` with scratch space of its own (one allocation per call).
    package func appendToken(claims: AccessTokenClaims, into out: inout [UInt8]) throws(JOSEError) {
        var scratch: [UInt8] = []
        try appendToken(claims: claims, into: &out, scratch: &scratch)
    }

    /// The compact JWS of a payload given as JSON bytes.
    package func compact(payload: [UInt8]) throws(JOSEError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedHeader.count + Base64URL.encodedLength(payload.count) + 400)
        var scratch: [UInt8] = []
        try append(into: &out, scratch: &scratch) { $0.append(contentsOf: payload) }
        return out
    }
}
