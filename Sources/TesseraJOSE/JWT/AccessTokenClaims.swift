/// The claims of a JWT access token (RFC 9068 §2.2), serialised in this fixed order:
/// `iss`, `sub`, `client_id`, `aud`, `scope`, `iat`, (`nbf`), `exp`, `jti`.
package struct AccessTokenClaims: Hashable, Sendable {
    package var issuer: String
    package var subject: String
    package var clientID: String
    /// Serialised as a string when there is exactly one, as an array otherwise.
    package var audience: [String]
    /// Space-separated scope string (RFC 6749 §3.3); always written, possibly empty.
    package var scope: String
    /// `iat` and `exp`, Unix seconds.
    package var issuedAt: Int64
    package var expiresAt: Int64
    package var jwtID: String
    /// `nbf` (Unix seconds), written between `iat` and `exp` when set; Tessera's issuer leaves it nil.
    package var notBefore: Int64?
    /// `cnf.x5t#S256` (RFC 8705 §3.1): the base64url SHA-256 of the client certificate the token
    /// is bound to, written last; nil for a token bound to nothing.
    package var certificateThumbprint: String?
    /// `status.status_list` (draft-ietf-oauth-status-list §6.1), written after `cnf`; nil without
    /// a status list.
    package var status: StatusReference?

    package init(
        issuer: String, subject: String, clientID: String, audience: [String], scope: String,
        issuedAt: Int64, expiresAt: Int64, jwtID: String, notBefore: Int64? = nil, certificateThumbprint: String? = nil
    ) {
        self.certificateThumbprint = certificateThumbprint
        self.issuer = issuer
        self.subject = subject
        self.clientID = clientID
        self.audience = audience
        self.scope = scope
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.jwtID = jwtID
        self.notBefore = notBefore
    }

    /// Appends the claims as compact JSON in the fixed order above.
    package func appendJSON(to out: inout [UInt8]) {
        JSONWriter.appendRaw("{\"iss\":", to: &out)
        JSONWriter.appendString(issuer, to: &out)
        JSONWriter.appendRaw(",\"sub\":", to: &out)
        JSONWriter.appendString(subject, to: &out)
        JSONWriter.appendRaw(",\"client_id\":", to: &out)
        JSONWriter.appendString(clientID, to: &out)
        JSONWriter.appendRaw(",\"aud\":", to: &out)
        if audience.count == 1 {
            JSONWriter.appendString(audience[0], to: &out)
        } else {
            out.append(UInt8(ascii: "["))
            for (index, value) in audience.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        JSONWriter.appendRaw(",\"scope\":", to: &out)
        JSONWriter.appendString(scope, to: &out)
        JSONWriter.appendRaw(",\"iat\":", to: &out)
        JSONWriter.appendInteger(issuedAt, to: &out)
        if let notBefore {
            JSONWriter.appendRaw(",\"nbf\":", to: &out)
            JSONWriter.appendInteger(notBefore, to: &out)
        }
        JSONWriter.appendRaw(",\"exp\":", to: &out)
        JSONWriter.appendInteger(expiresAt, to: &out)
        JSONWriter.appendRaw(",\"jti\":", to: &out)
        JSONWriter.appendString(jwtID, to: &out)
        if let certificateThumbprint {
            JSONWriter.appendRaw(",\"cnf\":{\"x5t#S256\":", to: &out)
            JSONWriter.appendString(certificateThumbprint, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        if let status {
            JSONWriter.appendRaw(",\"status\":{\"status_list\":{\"idx\":", to: &out)
            JSONWriter.appendInteger(status.index, to: &out)
            JSONWriter.appendRaw(",\"uri\":", to: &out)
            JSONWriter.appendString(status.uri, to: &out)
            JSONWriter.appendRaw("}}", to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
