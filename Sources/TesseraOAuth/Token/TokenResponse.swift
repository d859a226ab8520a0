import TesseraJOSE

/// A successful token response (RFC 6749 §5.1).
package struct TokenResponse: Sendable, Equatable {
    /// The compact JWT, ASCII.
    package var accessToken: [UInt8]
    package var expiresIn: Int64
    /// The granted scope, space-separated in sorted order.
    package var scope: String
    /// Bound to a DPoP key: `token_type` is `DPoP` (RFC 9449 §5).
    package var dpop = false
    /// The `DPoP-Nonce` header to send with it (RFC 9449 §8), when nonces are on.
    package var dpopNonce: String? = nil

    package init(accessToken: [UInt8], expiresIn: Int64, scope: String, dpop: Bool = false) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.scope = scope
        self.dpop = dpop
    }

    /// Appends `{"access_token":"...","token_type":"Bearer","expires_in":N,"scope":"..."}`.
    package func writeJSON(into out: inout [UInt8]) {
        out.appendLiteral(#"{"access_token":""#)
        out.append(contentsOf: accessToken)  // base64url and dots: nothing to escape
        if dpop {
            out.appendLiteral(#"","token_type":"DPoP","expires_in":"#)
        } else {
            out.appendLiteral(#"","token_type":"Bearer","expires_in":"#)
        }
        JSONWriter.appendInteger(expiresIn, to: &out)
        out.appendLiteral(#","scope":""#)
        JSONWriter.appendEscaped(scope, to: &out)
        out.appendLiteral(#""}"#)
    }
}
