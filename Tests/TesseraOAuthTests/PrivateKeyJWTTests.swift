import Foundation
import Glibc
import Testing
import TesseraCore
import TesseraJOSE
import TesseraStore

@testable import TesseraOAuth

/// private_key_jwt (RFC 7523 §2.2) at the token endpoint: the good path for each key type, and
/// every bad input of the contract -- each `invalid_client`, each counted by the failure limit.
struct PrivateKeyJWTTests {
    static let ed = try! Ed25519PrivateKey.generate()
    static let p256 = try! P256PrivateKey.generate()
    static let rsa = try! RSAPrivateKey.generate()
    static let stranger = try! Ed25519PrivateKey.generate()
    static let keys = ClientKeySet(keys: [ed.publicKey, p256.publicKey, rsa.publicKey], registeredKIDs: ["ed-1", nil, nil])
    static let tokenEndpoint = Fixtures.issuer + "/oauth/token"

    let endpoint: TokenEndpoint

    init(failureLimit: Int = 20) {
        let client = Client(id: "svc", secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: false,
                            keys: Self.keys)
        endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer, limits: RateLimits(authFailuresPerMinute: failureLimit)),
            registry: ClientRegistry(Fixtures.clients() + [client]), minter: Fixtures.minter())
    }

    static var now: Int64 { Fixtures.now }

    static func claims(iss: String = "svc", sub: String = "svc", aud: String = "\"\(tokenEndpoint)\"", exp: Int64? = now + 300,
                       extra: String = "", jti: String = UUID().uuidString) -> String {
        var json = #"{"iss":"\#(iss)","sub":"\#(sub)","aud":\#(aud),"iat":\#(now),"jti":"\#(jti)""#
        if let exp { json += #","exp":\#(exp)"# }
        return json + extra + "}"
    }

    static func assertion(_ claims: String = claims(), alg: String = "EdDSA", kid: String? = nil, header: String? = nil,
                          signer: (any JWSSigner)? = nil) -> String {
        let signer = signer ?? ed
        let headerJSON = header ?? (#"{"alg":"\#(alg)","typ":"JWT""# + (kid.map { #","kid":"\#($0)""# } ?? "") + "}")
        return String(decoding: try! TokenSigner(signer, header: Array(headerJSON.utf8)).compact(payload: Array(claims.utf8)), as: UTF8.self)
    }

    static func body(_ assertion: String, clientID: String? = nil) -> String {
        "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=\(assertion)" + (clientID.map { "&client_id=\($0)" } ?? "")
    }

    func request(_ assertion: String, clientID: String? = nil) -> Result<TokenResponse, OAuthError> {
        Fixtures.outcome(endpoint, Self.body(assertion, clientID: clientID))
    }

    @Test(arguments: ["EdDSA", "Ed25519", "ES256", "RS256"])
    func aSignedAssertionAuthenticatesTheClient(alg: String) throws {
        let signer: any JWSSigner = switch alg {
        case "ES256": Self.p256
        case "RS256": Self.rsa
        default: Self.ed
        }
        let response = try request(Self.assertion(alg: alg, signer: signer)).get()
        #expect(try Fixtures.payload(response.accessToken)["client_id"] as? String == "svc")
    }

    /// The assertion's times are judged at the endpoint's `now`, not at a clock of its own: an
    /// assertion of 2001 is good in 2001 and refused once past its exp (and the leeway).
    @Test func assertionTimesAreJudgedAtTheInjectedNow() throws {
        let then: Int64 = 1_000_000_000
        func claims() -> String {
            #"{"iss":"svc","sub":"svc","aud":"\#(Self.tokenEndpoint)","iat":\#(then),"exp":\#(then + 300),"jti":"\#(UUID().uuidString)"}"#
        }
        let response = try Fixtures.outcome(endpoint, Self.body(Self.assertion(claims())), now: then + 10).get()
        #expect(try Fixtures.payload(response.accessToken)["iat"] as? Int64 == then + 10)
        #expect(throws: OAuthError.self, "an assertion was accepted after its exp") {
            try Fixtures.outcome(endpoint, Self.body(Self.assertion(claims())), now: then + 301 + 60).get()
        }
    }

    @Test func theKidMayBeTheRegisteredOneOrTheThumbprint() throws {
        _ = try request(Self.assertion(kid: "ed-1")).get()
        _ = try request(Self.assertion(kid: Self.ed.keyID.value)).get()
        #expect(throws: OAuthError.self) { try request(Self.assertion(kid: Self.p256.keyID.value)).get() }
    }

    @Test func audienceMayBeTheIssuerOrAnArrayHoldingTheTokenEndpoint() throws {
        _ = try request(Self.assertion(Self.claims(aud: "\"\(Fixtures.issuer)\""))).get()
        _ = try request(Self.assertion(Self.claims(aud: #"["https://elsewhere.test","\#(Self.tokenEndpoint)"]"#))).get()
    }

    enum Bad: String, CaseIterable {
        case algNone, hmac, unregisteredKey, wrongAudience, issNotSub, expMissing, expPast, expTooFar, nbfAhead, iatAhead
        case crit, oversized, deeplyNested, manyMembers, tamperedSignature, wrongAssertionType, subOfAnotherClient, noKeys
    }

    func assertion(for bad: Bad) -> (body: String, assertion: String) {
        let now = Self.now
        let a: String
        switch bad {
        case .algNone:
            let input = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + Base64URL.encode(Array(Self.claims().utf8))
            a = input + ".AA"
        case .hmac:
            a = Self.assertion(alg: "HS256", signer: try! HS256Key(secret: Array("0123456789abcdef0123456789abcdef".utf8)))
        case .unregisteredKey: a = Self.assertion(signer: Self.stranger)
        case .wrongAudience: a = Self.assertion(Self.claims(aud: #""https://elsewhere.test/oauth/token""#))
        case .issNotSub: a = Self.assertion(Self.claims(iss: "other"))
        case .expMissing: a = Self.assertion(Self.claims(exp: nil))
        case .expPast: a = Self.assertion(Self.claims(exp: now - 1))
        case .expTooFar: a = Self.assertion(Self.claims(exp: now + 3600 + 120))
        case .nbfAhead: a = Self.assertion(Self.claims(extra: #","nbf":\#(now + 120)"#))
        case .iatAhead: a = Self.assertion(Self.claims().replacingOccurrences(of: #""iat":\#(now)"#, with: #""iat":\#(now + 120)"#))
        case .crit: a = Self.assertion(header: #"{"alg":"EdDSA","crit":["exp"],"exp":1}"#)
        case .oversized: a = Self.assertion(Self.claims(extra: #","pad":"\#(String(repeating: "x", count: 9000))""#))
        case .deeplyNested:
            a = Self.assertion(Self.claims(extra: #","n":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)))
        case .manyMembers: a = Self.assertion(Self.claims(extra: (0..<200).map { #","m\#($0)":0"# }.joined()))
        case .tamperedSignature:
            var parts = Self.assertion().split(separator: ".").map(String.init)
            var signature = Base64URL.decode(parts[2])!
            signature[0] ^= 1
            parts[2] = Base64URL.encode(signature)
            a = parts.joined(separator: ".")
        case .wrongAssertionType:
            return ("grant_type=client_credentials&client_assertion_type=urn%3Aother&client_assertion=\(Self.assertion())&client_id=svc",
                    Self.assertion())
        case .subOfAnotherClient: a = Self.assertion(Self.claims(iss: "demo", sub: "demo"))
        case .noKeys: a = Self.assertion(Self.claims(iss: "demo", sub: "demo"), signer: Self.ed)
        }
        return (Self.body(a, clientID: bad == .oversized || bad == .deeplyNested || bad == .manyMembers ? "svc" : nil), a)
    }

    @Test(arguments: Bad.allCases)
    func badAssertionsAreInvalidClientAndCountAsFailures(bad: Bad) throws {
        let limited = PrivateKeyJWTTests(failureLimit: 1)
        let outcome = Fixtures.outcome(limited.endpoint, limited.assertion(for: bad).body)
        guard case .failure(.invalidClient) = outcome else {
            Issue.record("\(bad): \(outcome)")
            return
        }
        // Not a JWT bearer assertion at all: refused before any client is known.
        if bad == .wrongAssertionType { return }
        // The failure counted against the client: even a good assertion is now refused with 429.
        let client = bad == .subOfAnotherClient || bad == .noKeys ? "demo" : "svc"
        if client == "svc" {
            guard case .failure(.rateLimited) = limited.request(Self.assertion()) else {
                Issue.record("\(bad) was not counted by the failure limit")
                return
            }
        } else {
            #expect(limited.endpoint.caches.limiter.authenticationRetryAfter(clientID: "demo", source: .unknown) != nil)
        }
    }

    @Test func aReplayedAssertionIsInvalidClient() throws {
        let assertion = Self.assertion()
        _ = try request(assertion).get()
        #expect(throws: OAuthError.self) { try request(assertion).get() }
        // A fresh jti works again.
        _ = try request(Self.assertion()).get()
    }

    @Test func anAssertionWithAnotherMethodAtOnceIsInvalidRequest() throws {
        let body = Self.body(Self.assertion()) + "&client_secret=x&client_id=svc"
        func code(_ result: Result<TokenRequest, OAuthError>) -> String? {
            if case .failure(let error) = result { return error.code }
            return nil
        }
        #expect(code(Fixtures.parse(body)) == "invalid_request")
        #expect(code(Fixtures.parse(Self.body(Self.assertion()), authorization: Fixtures.basic("svc", "x"))) == "invalid_request")
    }

    @Test func replaysAcrossNodesAreRefusedThroughTheSharedStore() throws {
        final class SharedSet: AssertionReplayStore, @unchecked Sendable {
            // @unchecked: `keys` is only touched under `lock`.
            var keys = Set<[UInt8]>()
            let lock = NSLock()
            func claim(_ key: [UInt8], milliseconds: Int64) -> Bool { lock.withLock { keys.insert(key).inserted } }
        }
        let store = SharedSet()
        func node() -> TokenEndpoint {
            let client = Client(id: "svc", secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: false,
                                keys: Self.keys)
            return TokenEndpoint(settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry([client]),
                                 minter: Fixtures.minter(), assertionReplay: AssertionReplay(shared: store))
        }
        let (first, second) = (node(), node())
        let assertion = Self.assertion()
        _ = try Fixtures.outcome(first, Self.body(assertion)).get()
        #expect(throws: OAuthError.self) { try Fixtures.outcome(second, Self.body(assertion)).get() }
        _ = try Fixtures.outcome(second, Self.body(Self.assertion())).get()
    }

    @Test func theLocalReplayTableIsBounded() {
        func key(_ n: UInt64) -> Digest32 { Digest32(w0: n, w1: 0, w2: 0, w3: 0) }
        let replay = AssertionReplay(capacity: 2, perClientCapacity: 2)
        #expect(replay.claimLocally(key(1), clientID: "a", expiresAt: 100, now: 0) == .first)
        #expect(replay.claimLocally(key(2), clientID: "b", expiresAt: 100, now: 0) == .first)
        #expect(replay.claimLocally(key(3), clientID: "c", expiresAt: 100, now: 0) == .full)
        #expect(replay.claimLocally(key(1), clientID: "a", expiresAt: 100, now: 0) == .replay)
        // Expired entries make room; a live one is never forgotten early.
        #expect(replay.claimLocally(key(3), clientID: "c", expiresAt: 300, now: 100) == .first)
        #expect(replay.count == 1)
    }
}

extension PrivateKeyJWTTests {
    /// A request is answered once, its claim made in passing (phase two of a shared claim goes
    /// on from the claim, it never asks again); another request with the same assertion is a replay.
    @Test func aSecondRequestWithTheSameAssertionIsAReplay() throws {
        let request = try Fixtures.parse(Self.body(Self.assertion())).get()
        var first: StepTimings? = nil
        guard case .answered = endpoint.respond(to: request, now: Fixtures.now, timing: &first) else {
            Issue.record("the first request was refused")
            return
        }
        let replayed = try Fixtures.parse(Self.body(String(decoding: request.credentials.secret, as: UTF8.self))).get()
        var timing: StepTimings? = nil
        guard case .failed(.invalidClient) = endpoint.respond(to: replayed, now: Fixtures.now, timing: &timing) else {
            Issue.record("a second request with the same assertion was accepted")
            return
        }
    }
}

extension PrivateKeyJWTTests {
    /// Introspection and revocation authenticate callers the same way.
    @Test func introspectionAuthenticatesAnAssertion() throws {
        let introspection = IntrospectionEndpoint(
            authenticator: endpoint.authenticator, keyRing: GatewaySetup.ring, issuer: Fixtures.issuer,
            cache: IntrospectionCache(capacity: 10), revocations: RevocationList())
        func answer(_ assertion: String) throws -> IntrospectionEndpoint.Outcome {
            let body = "token=abc&" + Self.body(assertion).replacingOccurrences(of: "grant_type=client_credentials&", with: "")
            let submission = try Array(body.utf8).withUnsafeBytes { raw in
                try Array("application/x-www-form-urlencoded".utf8).withUnsafeBytes { type in
                    try TokenSubmission.parse(contentType: type, authorization: nil, body: raw).get()
                }
            }
            var timing: StepTimings? = nil
            return introspection.respond(to: submission, now: Fixtures.now, timing: &timing)
        }
        // svc authenticates, but may not introspect: 403, not 401.
        guard case .failed(.unauthorizedClient) = try answer(Self.assertion()) else {
            Issue.record("a valid assertion did not authenticate at introspection")
            return
        }
        guard case .failed(.invalidClient) = try answer(Self.assertion(signer: Self.stranger)) else {
            Issue.record("an assertion by an unregistered key authenticated at introspection")
            return
        }
    }
}
