import Foundation
import Testing

@testable import TesseraOAuth

/// `ClientCredentials.named`: the client a request that failed to parse named, for its access line.
@Suite struct NamedClientTests {
    static func named(_ body: String, authorization: String? = nil, form: Bool = true) -> String? {
        let type = Array("application/x-www-form-urlencoded".utf8)
        let auth = Array((authorization ?? "").utf8)
        return Array(body.utf8).withUnsafeBytes { body in
            type.withUnsafeBytes { type in
                auth.withUnsafeBytes { auth in
                    ClientCredentials.named(contentType: form ? type : nil, authorization: authorization == nil ? nil : auth, body: body)
                }
            }
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    @Test func theBasicIdComesFirst() {
        #expect(Self.named("client_id=other", authorization: Fixtures.basic("delta", "s")) == "delta")
        #expect(Self.named("", authorization: Fixtures.basic("a b", "s")) == "a b")
    }

    @Test func elseTheFormsClientIDOrTheAssertionsSubject() {
        #expect(Self.named("client_id=post-client&client_secret=x", authorization: "Basic !!!") == "post-client")
        let assertion = [#"{"alg":"EdDSA"}"#, #"{"sub":"jwt-client"}"#].map(Self.base64URL).joined(separator: ".") + ".AAAA"
        #expect(Self.named("client_assertion_type=x&client_assertion=\(assertion)") == "jwt-client")
    }

    @Test func nothingWhenTheRequestNamedNoneOrTheBodyIsNotAForm() {
        #expect(Self.named("grant_type=client_credentials") == nil)
        #expect(Self.named("client_id=a&client_id=b") == nil, "a repeated client_id names no one")
        #expect(Self.named("client_id=post-client", form: false) == nil)
    }
}
