import TesseraJOSE

/// RFC 9701 JWT introspection responses: asked for with `Accept: application/token-introspection+jwt`,
/// answered with a JWT signed by the current signing key, `typ: "token-introspection+jwt"`, claims
/// `iss` (Tessera), `aud` (the calling client), `iat`, and `token_introspection` holding the usual
/// RFC 7662 response. Errors stay JSON.
package enum IntrospectionJWT {
    package static let mediaType = "application/token-introspection+jwt"
    package static let type = "token-introspection+jwt"

    /// The signed response for `response` (the RFC 7662 JSON object) to `caller`.
    package static func sign(
        response: [UInt8], caller: String, issuer: String, now: Int64, signer: any JWSSigner
    ) throws(JOSEError) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(response.count + issuer.utf8.count + caller.utf8.count + 80)
        JSONWriter.appendRaw("{\"iss\":", to: &payload)
        JSONWriter.appendString(issuer, to: &payload)
        JSONWriter.appendRaw(",\"aud\":", to: &payload)
        JSONWriter.appendString(caller, to: &payload)
        JSONWriter.appendRaw(",\"iat\":", to: &payload)
        JSONWriter.appendInteger(now, to: &payload)
        JSONWriter.appendRaw(",\"token_introspection\":", to: &payload)
        payload.append(contentsOf: response)
        payload.append(UInt8(ascii: "}"))
        return try TokenSigner(signer, type: type).compact(payload: payload)
    }
}
