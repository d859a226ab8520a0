import TesseraJOSE

/// An active token as introspection remembers it: what revocation and expiry need, and the
/// RFC 7662 answer rendered once, so a cache hit copies bytes instead of building JSON.
package struct IntrospectionRecord: Sendable {
    package let jwtID: String
    package let clientID: String
    package let expiresAt: Int64
    package let issuedAt: Int64
    /// The `scope` claim and the audiences (in token order): the grant, for dropping a shared
    /// reusable copy when the token is revoked.
    package let scope: String
    package let audiences: [String]
    /// The `cnf` `x5t#S256` of a certificate-bound token (RFC 8705 §3), base64url: part of its grant.
    package let certificateThumbprint: String?
    /// The token's place in a status list, when it has one: revoking it sets that bit.
    package let status: StatusReference?
    /// `{"active":true,"client_id":...,"token_type":"Bearer"}`.
    package let json: [UInt8]

    package init(claims: AccessTokenClaims) {
        jwtID = claims.jwtID
        clientID = claims.clientID
        expiresAt = claims.expiresAt
        issuedAt = claims.issuedAt
        scope = claims.scope
        audiences = claims.audience
        certificateThumbprint = claims.certificateThumbprint
        status = claims.status
        var out: [UInt8] = []
        out.reserveCapacity(256 + claims.scope.utf8.count)
        out.append(contentsOf: #"{"active":true,"client_id":""#.utf8)
        JSONWriter.appendEscaped(claims.clientID, to: &out)
        out.append(contentsOf: #"","scope":""#.utf8)
        JSONWriter.appendEscaped(claims.scope, to: &out)
        out.append(contentsOf: #"","sub":""#.utf8)
        JSONWriter.appendEscaped(claims.subject, to: &out)
        out.append(contentsOf: #"","aud":"#.utf8)
        if claims.audience.count == 1 {
            Self.appendString(claims.audience[0], to: &out)
        } else {
            out.append(UInt8(ascii: "["))
            for (index, audience) in claims.audience.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendString(audience, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: #","iss":"#.utf8)
        Self.appendString(claims.issuer, to: &out)
        out.append(contentsOf: #","exp":"#.utf8)
        JSONWriter.appendInteger(claims.expiresAt, to: &out)
        out.append(contentsOf: #","iat":"#.utf8)
        JSONWriter.appendInteger(claims.issuedAt, to: &out)
        if let notBefore = claims.notBefore {
            out.append(contentsOf: #","nbf":"#.utf8)
            JSONWriter.appendInteger(notBefore, to: &out)
        }
        out.append(contentsOf: #","jti":"#.utf8)
        Self.appendString(claims.jwtID, to: &out)
        if let thumbprint = claims.certificateThumbprint {
            out.append(contentsOf: #","cnf":{"x5t#S256":"#.utf8)
            Self.appendString(thumbprint, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","token_type":"Bearer"}"#.utf8)
        json = out
    }

    private static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        JSONWriter.appendEscaped(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// The answer for every inactive token, whatever the reason (RFC 7662 §2.2).
    package static let inactiveJSON: [UInt8] = Array(#"{"active":false}"#.utf8)
}
