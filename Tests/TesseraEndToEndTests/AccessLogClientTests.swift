import Foundation
import Testing
import TesseraTesting

/// `client_id` on access lines: the id the request named, authenticated or not (escaped), so a
/// failed login or a locked-out client says who it claimed to be, for every way of naming one.
@Suite(.serialized)
struct AccessLogClientTests {
    /// An unsigned-looking assertion naming `jwt-client` (its signature is never reached: no such client).
    static let assertion = [#"{"alg":"EdDSA","typ":"JWT"}"#, #"{"iss":"jwt-client","sub":"jwt-client","aud":"x","exp":4102444800}"#]
        .map { Data($0.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
        .joined(separator: ".") + ".AAAA"

    @Test func failedAndRefusedRequestsNameTheClientTheyClaimed() throws {
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(sections: ["limits": ["auth_failures_per_minute: 2"]], clients: [alpha]))
        defer { server.directory.remove() }
        var requests: [(name: String, request: TokenRequest, status: Int, expected: String)] = [
            ("success", .basic(alpha), 200, "client_id=alpha"),
            ("basic, wrong secret", TokenRequest(.basic(id: "alpha", secret: "wrong")), 401, "client_id=alpha"),
            ("post, wrong secret", TokenRequest(.post(id: "beta", secret: "wrong")), 401, "client_id=beta"),
            ("private_key_jwt", TokenRequest(form: [
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", Self.assertion),
            ]), 401, "client_id=jwt-client"),
            ("mTLS without a certificate", TokenRequest(form: [("grant_type", "client_credentials"), ("client_id", "mtls-client")]),
             401, "client_id=mtls-client"),
            ("hostile id", TokenRequest(.basic(id: "evil\" level=error x=", secret: "s")), 401, #"client_id="evil\" level=error x=""#),
            ("no grant_type", TokenRequest(.basic(id: "delta", secret: "s"), form: []), 400, "client_id=delta"),
        ]
        var introspect = TokenRequest(.basic(id: "epsilon", secret: "wrong"), form: [("token", "abc")])
        introspect.path = "/oauth/introspect"
        requests.append(("introspection, wrong secret", introspect, 401, "client_id=epsilon"))
        // Two failures of alpha from this address are allowed; then alpha is refused before authentication.
        requests.append(("locked out", .basic(alpha), 429, "client_id=alpha"))

        for (index, entry) in requests.enumerated() {
            var request = entry.request
            request.extraHeaders.append("X-Request-Id: named-\(index)")
            if entry.name == "locked out" { _ = try server.send(TokenRequest(.basic(id: "alpha", secret: "wrong"))) }
            #expect(try server.send(request).status == entry.status, "\(entry.name)")
        }
        server.stop(removeDirectory: false)
        let lines = AccessLogTests.accessLines(server.stderr)
        for (index, entry) in requests.enumerated() {
            let line = lines.first { $0.contains(" request_id=named-\(index) ") } ?? "(no line)"
            #expect(line.contains(" \(entry.expected)"), "\(entry.name): \(line)")
            #expect(line.hasSuffix(entry.expected) || line.contains(" \(entry.expected) "), "\(entry.name): the value ends where it should: \(line)")
        }
        #expect(!server.stderr.contains(alpha.secret), "a secret reached the log")
    }
}
