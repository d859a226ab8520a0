import Testing

@testable import TesseraOAuth

/// The token response's JSON is the same whichever way it is written: the stack copy for a short
/// scope that needs no escaping, the appends for a long one or one with bytes to escape.
@Suite struct TokenResponseJSONTests {
    @Test(arguments: [
        ("", 3599, false),
        ("tessera.token", 0, false),
        ("read write", -5, true),
        (String(repeating: "scope-", count: 9) + "end", Int64.max, false),  // 57 bytes: the longest stored
        (String(repeating: "scope-", count: 20), 3600, true),  // too long for the stack copy
        ("caf\u{e9} ok", 60, false),
        ("quote\" back\\ line\n", 60, false),  // escaped
    ] as [(String, Int64, Bool)])
    func theBytesAreTheDocumentsFields(scope: String, expiresIn: Int64, dpop: Bool) {
        var response = TokenResponse(accessToken: Array("h.c.s".utf8), expiresIn: expiresIn, scope: scope)
        response.dpop = dpop
        var out: [UInt8] = Array("prefix".utf8)
        response.writeJSON(into: &out)
        var escaped = ""
        for character in scope.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        let expected = #"prefix{"access_token":"h.c.s","token_type":"\#(dpop ? "DPoP" : "Bearer")","expires_in":\#(expiresIn),"scope":"\#(escaped)"}"#
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }
}
