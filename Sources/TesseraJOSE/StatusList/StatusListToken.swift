/// The Status List Token (draft-ietf-oauth-status-list §5.1): a JWS with header
/// `{"alg","typ":"statuslist+jwt","kid"}` and claims `sub` (the list's URI), `iat`, `exp`, `ttl`
/// and `status_list: {"bits": 1, "lst"}`.
package enum StatusListToken {
    package static let mediaType = "application/statuslist+jwt"

    /// The compact JWS for a 1-bit list whose bytes are `bits`, signed by `signer`.
    package static func sign(
        bits: [UInt8], uri: String, issuedAt: Int64, expiresAt: Int64, ttlSeconds: Int64, signer: any JWSSigner
    ) throws(JOSEError) -> [UInt8] {
        var header: [UInt8] = []
        JSONWriter.appendRaw("{\"alg\":", to: &header)
        JSONWriter.appendString(signer.algorithm.rawValue, to: &header)
        JSONWriter.appendRaw(",\"typ\":\"statuslist+jwt\",\"kid\":", to: &header)
        JSONWriter.appendString(signer.keyID.value, to: &header)
        header.append(UInt8(ascii: "}"))

        var claims: [UInt8] = []
        JSONWriter.appendRaw("{\"sub\":", to: &claims)
        JSONWriter.appendString(uri, to: &claims)
        JSONWriter.appendRaw(",\"iat\":", to: &claims)
        JSONWriter.appendInteger(issuedAt, to: &claims)
        JSONWriter.appendRaw(",\"exp\":", to: &claims)
        JSONWriter.appendInteger(expiresAt, to: &claims)
        JSONWriter.appendRaw(",\"ttl\":", to: &claims)
        JSONWriter.appendInteger(ttlSeconds, to: &claims)
        JSONWriter.appendRaw(",\"status_list\":{\"bits\":1,\"lst\":", to: &claims)
        JSONWriter.appendString(StatusListEncoding.lst(bits), to: &claims)
        JSONWriter.appendRaw("}}", to: &claims)

        var out: [UInt8] = []
        header.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        out.append(UInt8(ascii: "."))
        claims.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        var signature: [UInt8] = []
        var failure: JOSEError?
        out.withUnsafeBytes { input in
            do throws(JOSEError) {
                try signer.sign(input, appendingTo: &signature)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        out.append(UInt8(ascii: "."))
        signature.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        return out
    }
}
