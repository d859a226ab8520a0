import Testing
import TesseraCore
import TesseraJOSE

@testable import TesseraOAuth

/// A secret's expiry is judged by the request's wall time (`now`, passed down by the handler),
/// never by a clock the authenticator reads itself: the same request is accepted one second
/// before the expiry and refused from the expiry's second on, fast and slow hashes alike.
@Suite struct SecretExpiryClockTests {
    static let expiry = Fixtures.now + 100

    static func client(slow: Bool) -> Client {
        let old = Array("old-secret-old-secret".utf8)
        let new = Array("new-secret-new-secret".utf8)
        func hash(_ secret: [UInt8]) -> SecretHash { slow ? .makePBKDF2(secret: secret, iterations: 10) : .makeFast(secret: secret) }
        return Client(
            id: "rotating", secretHash: hash(new), scopes: ["read"], audiences: ["api"], introspect: false,
            secrets: [ClientSecret(hash: hash(new)), ClientSecret(hash: hash(old), expiresAt: expiry)])
    }

    static func answer(_ endpoint: TokenEndpoint, now: Int64) throws -> String {
        let request = try Fixtures.parse(Fixtures.post("rotating", "old-secret-old-secret")).get()
        var timing: StepTimings? = nil
        var outcome = endpoint.respond(to: request, now: now, timing: &timing)
        while case .deferred(let deferral) = outcome { outcome = deferral.settle(timing: &timing) }
        switch outcome {
        case .answered: return "token"
        case .failed(let error): return "\(error.codeLiteral)"
        case .deferred: return "deferred"
        }
    }

    @Test(arguments: [false, true]) func thePreviousSecretStopsAtItsExpirySecondOfTheRequestsClock(slow: Bool) throws {
        let endpoint = Fixtures.endpoint(clients: [Self.client(slow: slow)])
        #expect(try Self.answer(endpoint, now: Self.expiry - 1) == "token")
        #expect(try Self.answer(endpoint, now: Self.expiry) == "invalid_client")
        #expect(try Self.answer(endpoint, now: Self.expiry + 3600) == "invalid_client")
    }
}
