import TesseraCore
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
        // The whole document stored on the stack and appended in one copy, when the scope needs
        // no escaping (scope tokens are printable ASCII without `"` or `\`, RFC 6749 §3.3):
        // seven appends and the String escaper cost ~900 instructions a response (callgrind).
        // Nothing of `self` in the closures: capturing it copied the response.
        let dpop = dpop, expiresIn = expiresIn, token = accessToken
        let stored: Bool? = scope.utf8.withContiguousStorageIfAvailable { scope in
            for byte in scope where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            return token.withUnsafeBytes { token in
                // The literals (17 + 37 + 10 + 2 bytes) and a 20-character number.
                withUnsafeTemporaryAllocation(byteCount: token.count + scope.count + 96, alignment: 8) { raw in
                    let start = raw.baseAddress!
                    var at = start.putting(#"{"access_token":""#).putting(token)  // base64url and dots: nothing to escape
                    at = at.putting(dpop ? #"","token_type":"DPoP","expires_in":"# : #"","token_type":"Bearer","expires_in":"#)
                    if expiresIn < 0 { at = at.putting(byte: UInt8(ascii: "-")) }
                    at = at.puttingDecimal(Int(expiresIn)).putting(#","scope":""#).putting(UnsafeRawBufferPointer(scope)).putting(#""}"#)
                    out.append(storedFrom: start, to: at)
                    return true
                }
            }
        }
        if stored == true { return }
        out.appendLiteral(#"{"access_token":""#)
        out.append(contentsOf: accessToken)
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
