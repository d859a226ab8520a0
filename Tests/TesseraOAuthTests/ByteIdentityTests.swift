import Testing

@testable import TesseraOAuth
import TesseraCore

/// Contract rule 4: ids, scopes and audiences are exact bytes, and ids no store could hold are
/// refused before any lookup.
@Suite struct ByteIdentityTests {
    private static let kelvin = "\u{212A}ms-svc"  // KELVIN SIGN, canonically equivalent to "K"

    private static func endpoint(failuresPerMinute: Int = 0) -> TokenEndpoint {
        let clients = [
            Client(id: "Kms-svc", secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["Kafka-api"], introspect: false)
        ]
        return Fixtures.endpoint(
            TokenEndpoint.Settings(issuer: Fixtures.issuer, limits: RateLimits(authFailuresPerMinute: failuresPerMinute)),
            clients: clients)
    }

    @Test func aLookAlikeIdIsAnotherClient() {
        let endpoint = Self.endpoint()
        let outcome = Fixtures.outcome(endpoint, Fixtures.post(Self.kelvin, Fixtures.demoSecret))
        guard case .failure(.invalidClient) = outcome else {
            Issue.record("a look-alike id authenticated as Kms-svc: \(outcome)")
            return
        }
    }

    @Test func failuresOfALookAlikeNeverLockTheRealClientOut() throws {
        let endpoint = Self.endpoint(failuresPerMinute: 5)
        for _ in 0..<15 { _ = Fixtures.outcome(endpoint, Fixtures.post(Self.kelvin, "wrong")) }
        let real = try Fixtures.outcome(endpoint, Fixtures.post("Kms-svc", Fixtures.demoSecret)).get()
        #expect(real.scope == "read")
    }

    @Test func aLookAlikeAudienceIsNotGranted() {
        let endpoint = Self.endpoint()
        let outcome = Fixtures.outcome(
            endpoint, Fixtures.post("Kms-svc", Fixtures.demoSecret, "&audience=" + Fixtures.formEncode("\u{212A}afka-api")))
        guard case .failure(.invalidTarget) = outcome else {
            Issue.record("a look-alike audience was granted: \(outcome)")
            return
        }
    }

    @Test(arguments: [
        "client_id=victim%00xyz&client_secret=x",
        "client_id=a%7Fb&client_secret=x",
        "client_id=a%0Ab&client_secret=x",
        "client_id=%FF%FE&client_secret=x",
        "client_id=" + String(repeating: "a", count: 256) + "&client_secret=x",
    ])
    func idsNoStoreCouldHoldAreInvalidClient(_ credentials: String) {
        // A registry with a dynamic tier would defer a lookup; refusing in place proves none ran.
        let endpoint = Fixtures.endpoint()
        let outcome = Fixtures.outcome(endpoint, "grant_type=client_credentials&" + credentials)
        guard case .failure(.invalidClient) = outcome else {
            Issue.record("\(credentials.prefix(40)): \(outcome)")
            return
        }
    }

    @Test func aNulInAnIdIsRefusedByTheIdentifierCheck() {
        #expect(!ClientIdentifier.isAcceptable("victim\u{0}xyz"))
        #expect(!ClientIdentifier.isAcceptable(String(repeating: "é", count: 128)))  // 256 bytes
        #expect(ClientIdentifier.isAcceptable(String(repeating: "a", count: 255)))
        #expect(ClientIdentifier.isAcceptable(Self.kelvin))
    }

    /// The one rule-4 check for scopes, audiences and certificate names (`client add`).
    @Test(arguments: ["a\u{0}", "\u{1F}", "x\u{7F}", "tab\there", "line\n"])
    func aControlCharacterInAValueIsRefusedNamingTheField(_ value: String) {
        #expect(!IdentityText.isAcceptable(value))
        #expect(ClientIdentifier.problem(field: "--scope", value: value)?.hasPrefix("--scope ") == true)
    }

    @Test func printableValuesPassTheValueCheck() {
        for value in ["read", Self.kelvin, "caf\u{E9}", "\u{80}\u{9F}x"] {  // U+0080-U+009F are not rule 4's
            #expect(IdentityText.isAcceptable(value))
            #expect(ClientIdentifier.problem(field: "--audience", value: value) == nil)
        }
        #expect(ClientIdentifier.problem(field: "--audience", value: "") == "--audience must not be empty")
    }
}
