import Foundation
import Testing

@testable import TesseraOAuth

/// Basic credentials, lenient where safe: a secret sent without the RFC 6749 §2.3.1 form-encoding
/// (Authlib, requests, `curl -u`) is tried as sent when the decoded one fails -- for fast and slow
/// hashes, the slow one in the same single hash job.
struct LenientBasicTests {
    /// Secrets whose form-decoding differs from what a lenient client sends.
    static let secrets = ["a+b", "100%", "p%41ss", "x+y%2Bz", "%zz+"]

    static func unencodedBasic(_ id: String, _ secret: String) -> String {
        "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    static func endpoint(_ secret: String, slow: Bool) -> TokenEndpoint {
        let hash = slow ? SecretHash.makePBKDF2(secret: Array(secret.utf8), iterations: 1000) : SecretHash.makeFast(secret: Array(secret.utf8))
        let client = Client(id: "lib", secretHash: hash, scopes: ["read"], audiences: ["api"], introspect: false)
        return TokenEndpoint(settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry([client]),
                             minter: Fixtures.minter())
    }

    @Test(arguments: secrets, [false, true])
    func anUnencodedSecretIsAccepted(secret: String, slow: Bool) throws {
        let endpoint = Self.endpoint(secret, slow: slow)
        let unencoded = Fixtures.outcome(endpoint, "grant_type=client_credentials", authorization: Self.unencodedBasic("lib", secret))
        #expect((try? unencoded.get()) != nil, "\(secret) sent as is: \(unencoded)")
        // The encoded form, as the RFC asks, keeps working.
        let encoded = Fixtures.outcome(endpoint, "grant_type=client_credentials", authorization: Fixtures.basic("lib", secret))
        #expect((try? encoded.get()) != nil, "\(secret) form-encoded: \(encoded)")
    }

    @Test(arguments: [false, true])
    func aWrongSecretStillFailsEitherWay(slow: Bool) {
        let endpoint = Self.endpoint("a+b", slow: slow)
        for sent in ["a b", "a%2Bc", "a+c"] {
            guard case .failure(.invalidClient) = Fixtures.outcome(
                endpoint, "grant_type=client_credentials", authorization: Self.unencodedBasic("lib", sent))
            else {
                Issue.record("\(sent) was accepted for a+b")
                continue
            }
        }
    }

    @Test func theRawSecretIsKeptOnlyWhenDecodingChangedIt() throws {
        func parse(_ header: String) throws -> ClientCredentials {
            try Array(header.utf8).withUnsafeBytes { raw in try BasicCredentials.parse(raw) }
        }
        #expect(try parse(Self.unencodedBasic("lib", "plain")).rawSecret == nil)
        let lenient = try parse(Self.unencodedBasic("lib", "a+b"))
        #expect(lenient.secret == Array("a b".utf8) && lenient.rawSecret == Array("a+b".utf8))
        // An undecodable escape: the secret as sent is the only candidate.
        let undecodable = try parse(Self.unencodedBasic("lib", "%zz"))
        #expect(undecodable.secret == Array("%zz".utf8) && undecodable.rawSecret == nil)
    }

    @Test func theSlowHashRunsOnceForBothForms() throws {
        let metrics = RecordingMetrics()
        let hash = SecretHash.makePBKDF2(secret: Array("a+b".utf8), iterations: 1000)
        let client = Client(id: "lib", secretHash: hash, scopes: ["read"], audiences: ["api"], introspect: false)
        let endpoint = TokenEndpoint(settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry([client]),
                                     minter: Fixtures.minter(), metrics: metrics)
        _ = try Fixtures.outcome(endpoint, "grant_type=client_credentials", authorization: Self.unencodedBasic("lib", "a+b")).get()
        _ = try Fixtures.outcome(endpoint, "grant_type=client_credentials", authorization: Self.unencodedBasic("lib", "a+b")).get()
        #expect(metrics.slowHashes == 1)
    }
}
