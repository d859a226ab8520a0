import Foundation
import Testing

/// Shared assertions on what the contract promises for every token-endpoint response.
package enum Expect {
    /// JSON, Content-Length, and the no-store / no-cache pair.
    package static func tokenEndpointHeaders(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.header("Content-Type")?.lowercased().hasPrefix("application/json") == true,
                "Content-Type: \(response.header("Content-Type") ?? "none")", sourceLocation: sourceLocation)
        #expect(response.header("Content-Length") != nil, "no Content-Length", sourceLocation: sourceLocation)
        #expect(response.header("Cache-Control")?.lowercased().contains("no-store") == true,
                "Cache-Control: \(response.header("Cache-Control") ?? "none")", sourceLocation: sourceLocation)
        #expect(response.header("Pragma")?.lowercased() == "no-cache",
                "Pragma: \(response.header("Pragma") ?? "none")", sourceLocation: sourceLocation)
    }

    /// An OAuth error: the status, `error`, a string `error_description`, and the headers above.
    package static func oauthError(
        _ response: HTTPResponse, status: Int, error: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(response)", sourceLocation: sourceLocation)
        let json = response.json
        #expect(json["error"] as? String == error, "body: \(response.body)", sourceLocation: sourceLocation)
        #expect(json["error_description"] is String, "no error_description in \(response.body)", sourceLocation: sourceLocation)
        tokenEndpointHeaders(response, sourceLocation: sourceLocation)
    }

    /// A 200 token response; returns the JSON body and the decoded access token.
    package static func token(
        _ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (json: [String: Any], jwt: DecodedJWT) {
        try #require(response.status == 200, "\(response)", sourceLocation: sourceLocation)
        tokenEndpointHeaders(response, sourceLocation: sourceLocation)
        #expect(response.header("Server-Timing") != nil, "no Server-Timing header", sourceLocation: sourceLocation)
        let json = response.json
        try #require(!json.isEmpty, "body is not a JSON object: \(response.body)", sourceLocation: sourceLocation)
        #expect(json["token_type"] as? String == "Bearer", sourceLocation: sourceLocation)
        #expect((json["expires_in"] as? NSNumber)?.intValue ?? 0 > 0, "expires_in: \(String(describing: json["expires_in"]))", sourceLocation: sourceLocation)
        #expect(json["scope"] is String, sourceLocation: sourceLocation)
        let token = try #require(json["access_token"] as? String, sourceLocation: sourceLocation)
        return (json, try DecodedJWT(token))
    }

    /// The words of a space-separated scope string, as a set.
    package static func scopeSet(_ value: Any?) -> Set<String> {
        Set(((value as? String) ?? "").split(separator: " ").map(String.init))
    }
}

extension TesseraProcess {
    /// The `keys` array of `GET /.well-known/jwks.json`.
    package func jwks() throws -> [[String: Any]] {
        let response = try get("/.well-known/jwks.json")
        guard response.status == 200, let keys = response.json["keys"] as? [[String: Any]] else {
            throw HarnessError.unexpected("JWKS: \(response)")
        }
        return keys
    }

    /// The `kid`s of GET /.well-known/jwks.json, in the order it lists them.
    package func publishedKeyIDs() throws -> [String] {
        try jwks().compactMap { $0["kid"] as? String }
    }

    /// A successful token for `request`; fails the test otherwise.
    package func token(_ request: TokenRequest, sourceLocation: SourceLocation = #_sourceLocation) throws -> (json: [String: Any], jwt: DecodedJWT) {
        try Expect.token(try send(request), sourceLocation: sourceLocation)
    }
}
