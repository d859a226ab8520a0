import Foundation
import Testing
import TesseraJOSE

@testable import TesseraOAuth

@Suite struct IntrospectionEndpointTests {
    @Test func activeTokenAnswersEveryRFC7662Field() throws {
        let setup = GatewaySetup()
        let token = setup.issue(extra: "&scope=read+write&audience=api&audience=billing")
        let body = try #require(setup.introspect(token).body)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let claims = try Fixtures.payload(token)
        #expect(json["active"] as? Bool == true)
        #expect(json["client_id"] as? String == "demo")
        #expect(json["sub"] as? String == "demo")
        #expect(json["scope"] as? String == "read write")
        #expect(json["aud"] as? [String] == ["api", "billing"])
        #expect(json["iss"] as? String == Fixtures.issuer)
        #expect(json["token_type"] as? String == "Bearer")
        #expect((json["exp"] as? NSNumber)?.int64Value == GatewaySetup.now + 3600)
        #expect((json["iat"] as? NSNumber)?.int64Value == GatewaySetup.now)
        #expect(json["jti"] as? String == claims["jti"] as? String)
        #expect(Set(json.keys) == ["active", "client_id", "scope", "sub", "aud", "iss", "exp", "iat", "jti", "token_type"])
    }

    @Test func singleAudienceIsAString() throws {
        let setup = GatewaySetup()
        let body = try #require(setup.introspect(setup.issue(extra: "&audience=api")).body)
        #expect(body.contains(#""aud":"api","#))
    }

    enum Forgery: String, CaseIterable {
        case expired, expiresNow, notYetValid, wrongIssuer, badSignature, unknownKid, algNone, hs256WithPublicKey
        case notThreeParts, notBase64, notJSON, oversize, unsupportedAlg

        var expected: IntrospectionResult {
            switch self {
            case .expired, .expiresNow: .expired
            case .notYetValid: .notYetValid
            case .wrongIssuer: .wrongIssuer
            case .badSignature: .badSignature
            case .unknownKid: .unknownKey
            case .algNone, .hs256WithPublicKey, .unsupportedAlg: .algorithmMismatch
            case .notThreeParts, .notBase64, .notJSON, .oversize: .malformed
            }
        }

        var token: [UInt8] {
            let key = GatewaySetup.key
            let now = GatewaySetup.now
            let sign = TokenForge.ed25519(key)
            switch self {
            case .expired: return TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(iat: now - 700, exp: now - 1), sign: sign)
            case .expiresNow: return TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(iat: now - 700, exp: now), sign: sign)
            case .notYetValid: return TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(iat: now + 31, exp: now + 600), sign: sign)
            case .wrongIssuer: return TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(iss: "https://evil.test"), sign: sign)
            case .badSignature:
                var token = TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(), sign: sign)
                let index = token.count - 5
                token[index] = token[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                return token
            case .unknownKid:
                let stranger = try! Ed25519PrivateKey.generate()
                return TokenForge.token(header: TokenForge.header(kid: stranger.keyID.value), claims: TokenForge.claims(),
                                        sign: TokenForge.ed25519(stranger))
            case .algNone:
                return TokenForge.token(header: TokenForge.header(alg: "none"), claims: TokenForge.claims(), sign: { _ in [0] })
            case .hs256WithPublicKey:
                return TokenForge.token(header: TokenForge.header(alg: "HS256"), claims: TokenForge.claims(),
                                        sign: TokenForge.hs256(key.publicKey.rawRepresentation))
            case .unsupportedAlg:
                return TokenForge.token(header: TokenForge.header(alg: "RS256"), claims: TokenForge.claims(), sign: sign)
            case .notThreeParts: return Array("abc.def".utf8)
            case .notBase64: return Array("a*b.c*d.e*f".utf8)
            case .notJSON: return TokenForge.token(header: "{alg:EdDSA}", claims: TokenForge.claims(), sign: sign)
            case .oversize:
                return TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(jti: String(repeating: "x", count: 9000)), sign: sign)
            }
        }
    }

    @Test(arguments: Forgery.allCases)
    func inactiveTokensAnswerOnlyActiveFalse(_ forgery: Forgery) {
        let setup = GatewaySetup()
        let outcome = setup.introspect(forgery.token)
        #expect(outcome.body == #"{"active":false}"#)
        #expect(outcome.result == forgery.expected)
        #expect(setup.metrics.results == [forgery.expected])
    }

    @Test func forgedTokenWithTheRightKeyIsActiveSoTheForgeryTableIsMeaningful() {
        let setup = GatewaySetup()
        let token = TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(), sign: TokenForge.ed25519(GatewaySetup.key))
        #expect(setup.introspect(token).result == .active)
    }

    @Test func issuedAtWithinTheThirtySecondLeewayIsActive() {
        let setup = GatewaySetup()
        let now = GatewaySetup.now
        let token = TokenForge.token(header: TokenForge.header(), claims: TokenForge.claims(iat: now + 30, exp: now + 600),
                                     sign: TokenForge.ed25519(GatewaySetup.key))
        #expect(setup.introspect(token).result == .active)
    }

    @Test func cachedAnswerExpiresAtExpWithoutLeeway() {
        let setup = GatewaySetup(ttl: 60)
        let token = setup.issue()
        #expect(setup.introspect(token).result == .active)
        #expect(setup.introspect(token, now: GatewaySetup.now + 59).result == .active)
        #expect(setup.introspect(token, now: GatewaySetup.now + 60).result == .expired)
    }

    @Test func secondIntrospectionIsACacheHitWithoutSignatureCheck() {
        let setup = GatewaySetup()
        let token = setup.issue()
        var first: StepTimings? = StepTimings()
        _ = setup.introspect(token, timing: &first)
        var second: StepTimings? = StepTimings()
        let outcome = setup.introspect(token, timing: &second)
        #expect(outcome.result == .active)
        #expect(first?.steps == [.verify])
        #expect(second?.steps == [])  // `local` is measured at the edge
        #expect(setup.metrics.introspectionLookups == [false, true])
    }

    @Test func clientWithoutIntrospectPermissionIsRefusedWith403() {
        let setup = GatewaySetup()
        let error = setup.introspect(setup.issue(), by: "other").error
        #expect(error == .unauthorizedClient("this client may not introspect tokens"))
        #expect(error?.status(at: .introspection) == 403)
    }

    @Test func wrongSecretIsInvalidClient() {
        let setup = GatewaySetup()
        let error = setup.introspect(setup.issue(), by: "demo", secret: "wrong").error
        #expect(error?.code == "invalid_client")
        #expect(error?.status(at: .introspection) == 401)
    }

    @Test func slowHashCallerIsDeferredOnceThenAnswered() {
        let setup = GatewaySetup()
        let token = setup.issue()
        var timing: StepTimings? = StepTimings()
        let first = setup.introspection.respond(
            to: GatewaySetup.submission(token, by: "slowgw", secret: Fixtures.humanSecret), now: GatewaySetup.now, timing: &timing)
        guard case .deferred(let work) = first else {
            Issue.record("expected deferred work, got \(first)")
            return
        }
        #expect(work.settle(timing: &timing).result == .active, "phase two answers from the verdict")
        let second = setup.introspection.respond(
            to: GatewaySetup.submission(token, by: "slowgw", secret: Fixtures.humanSecret), now: GatewaySetup.now, timing: &timing)
        #expect(second.result == .active)
    }
}
