/// A signer prepared for issuing access tokens: the signer plus its base64url-encoded
/// protected header `{"alg":"...","typ":"at+jwt","kid":"..."}`, which never changes for a key
/// and is therefore encoded once.
package final class TokenSigner: Sendable {
    package let signer: any JWSSigner
    /// base64url of the header JSON, the first segment of every token this signer writes.
    package let encodedHeader: [UInt8]

    package var algorithm: JWSAlgorithm { signer.algorithm }
    package var keyID: KeyID { signer.keyID }

    package init(_ signer: any JWSSigner) {
        self.signer = signer
        let header = Self.headerJSON(algorithm: signer.algorithm, keyID: signer.keyID)
        var encoded: [UInt8] = []
        header.withUnsafeBytes { Base64URL.encode($0, into: &encoded) }
        self.encodedHeader = encoded
    }

    /// The protected header in its fixed member order.
    package static func headerJSON(algorithm: JWSAlgorithm, keyID: KeyID) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.appendRaw("{\"alg\":", to: &out)
        JSONWriter.appendString(algorithm.rawValue, to: &out)
        JSONWriter.appendRaw(",\"typ\":\"at+jwt\",\"kid\":", to: &out)
        JSONWriter.appendString(keyID.value, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends the compact JWS `header.payload.signature` for `claims` to `out`.
    /// `scratch` is working space (its contents are replaced); reuse it across calls so that
    /// steady-state issuing allocates nothing. On error `out` is left as it was.
    package func appendToken(claims: AccessTokenClaims, into out: inout [UInt8], scratch: inout [UInt8]) throws(JOSEError) {
        let start = out.count
        out.append(contentsOf: encodedHeader)
        out.append(UInt8(ascii: "."))
        scratch.removeAll(keepingCapacity: true)
        claims.appendJSON(to: &scratch)
        scratch.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        let end = out.count
        scratch.removeAll(keepingCapacity: true)
        var failure: JOSEError?
        out.withUnsafeBytes { bytes in
            do throws(JOSEError) {
                try signer.sign(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), appendingTo: &scratch)
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
