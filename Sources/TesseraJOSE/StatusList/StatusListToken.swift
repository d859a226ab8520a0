/// The Status List Token (draft-ietf-oauth-status-list §5.1): a JWS with header
/// `{"alg","typ":"statuslist+jwt","kid"}` and claims `sub` (the list's URI), `iat`, `exp`, `ttl`
/// and `status_list: {"bits": 1, "lst"}`.
package enum StatusListToken {
    package static let mediaType = "application/statuslist+jwt"

    /// The compact JWS for a 1-bit list whose bytes are `bits`, signed by `signer`.
    package static func sign(
        bits: [UInt8], uri: String, issuedAt: Int64, expiresAt: Int64, ttlSeconds: Int64, signer: any JWSSigner
    ) throws(JOSEError) -> [UInt8] {
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
        return try TokenSigner(signer, type: "statuslist+jwt").compact(payload: claims)
    }
}
