import Testing
import TesseraJOSE

@testable import TesseraOAuth

@Suite struct RevocationEndpointTests {
    @Test func revokedTokenIsInactiveAtOnceEvenWhenCached() {
        let setup = GatewaySetup()
        let token = setup.issue()
        #expect(setup.introspect(token).result == .active)
        guard case .answered(.revoked) = setup.revoke(token) else {
            Issue.record("expected the token to be revoked")
            return
        }
        let after = setup.introspect(token)
        #expect(after.body == #"{"active":false}"#)
        #expect(after.result == .revoked)
    }

    @Test func revocationIsAnnouncedOnceWithTheTokensExpiry() throws {
        let setup = GatewaySetup()
        let token = setup.issue()
        _ = setup.revoke(token)
        _ = setup.revoke(token)
        let jti = try #require(try Fixtures.payload(token)["jti"] as? String)
        #expect(setup.published.all == [Revocation(jwtID: jti, expiresAt: GatewaySetup.now + 3600, clientID: "demo")])
        #expect(setup.metrics.revocationResults == [.revoked, .alreadyRevoked])
    }

    @Test func anotherClientsTokenIsRefusedAndStaysActive() {
        let setup = GatewaySetup()
        let token = setup.issue("other")
        guard case .failed(let error) = setup.revoke(token, by: "demo") else {
            Issue.record("expected unauthorized_client")
            return
        }
        #expect(error == .unauthorizedClient("the token was issued to another client"))
        #expect(error.status(at: .revocation) == 400)
        #expect(setup.introspect(token).result == .active)
    }

    @Test(arguments: ["", "garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
    func unknownOrMalformedTokensAreAnsweredWithoutError(_ token: String) {
        let setup = GatewaySetup()
        guard case .answered(.inactive) = setup.revoke(Array(token.utf8)) else {
            Issue.record("expected a plain 200")
            return
        }
    }

    @Test func expiredTokenNeedsNoRevocation() {
        let setup = GatewaySetup(ttl: 60)
        let token = setup.issue()
        guard case .answered(.inactive) = setup.revoke(token, now: GatewaySetup.now + 60) else {
            Issue.record("expected a plain 200")
            return
        }
        #expect(setup.revocations.count == 0)
    }

    @Test func reuseNeverHandsOutARevokedToken() {
        let setup = GatewaySetup()
        let token = setup.issue()
        #expect(setup.issue() == token)  // reuse is on
        _ = setup.revoke(token)
        let next = setup.issue()
        #expect(next != token)
        #expect(setup.introspect(next).result == .active)
    }

    @Test func reuseSkipsATokenRevokedBehindItsBack() {
        // A revocation that reaches the list without passing the endpoint (another node's, via the
        // Redis tier) must still keep the token from being handed out again.
        let setup = GatewaySetup()
        let token = setup.issue()
        let jti = try! Fixtures.payload(token)["jti"] as! String
        setup.revocations.apply(Revocation(jwtID: jti, expiresAt: GatewaySetup.now + 3600, clientID: "demo"), now: GatewaySetup.now)
        #expect(setup.issue() != token)
    }

    @Test func revocationEntriesExpireWithTheirToken() {
        let list = RevocationList()
        #expect(list.revoke(jwtID: "a", expiresAt: 100, now: 0))
        #expect(!list.revoke(jwtID: "a", expiresAt: 100, now: 1))
        list.revoke(jwtID: "b", expiresAt: 200, now: 0)
        #expect(list.isRevoked(jwtID: "a", now: 99))
        #expect(!list.isRevoked(jwtID: "a", now: 100))
        #expect(list.removeExpired(now: 150) == 1)
        #expect(list.count == 1)
    }

    @Test func revocationListNeverForgetsALiveEntryUnderLoad() {
        let list = RevocationList()
        for index in 0..<5000 { list.revoke(jwtID: "live-\(index)", expiresAt: 1000, now: 0) }
        for index in 0..<5000 { list.revoke(jwtID: "dead-\(index)", expiresAt: 10, now: 20) }
        #expect((0..<5000).allSatisfy { list.isRevoked(jwtID: "live-\($0)", now: 20) })
        #expect(list.count < 10_000)  // expired entries were swept along the way
    }
}

extension RevocationEndpointTests {
    /// A caller whose secret takes a slow hash: the hash runs off the I/O thread, the request is
    /// answered once more, and its revocation is answered and counted once, as revoked.
    @Test func aSlowHashCallerRevokingItsTokenIsAnsweredAndCountedOnce() {
        let setup = GatewaySetup()
        let token = TokenForge.token(
            header: TokenForge.header(), claims: TokenForge.claims(client: "slowgw", jti: "slow-jti"),
            sign: TokenForge.ed25519(GatewaySetup.key))
        let submission = GatewaySetup.submission(token, by: "slowgw", secret: Fixtures.humanSecret)
        var timing: StepTimings? = StepTimings()
        guard case .deferred(let work) = setup.revocation.respond(to: submission, now: GatewaySetup.now, timing: &timing) else {
            Issue.record("a slow hash must not run inline")
            return
        }
        let outcome = work.settle(timing: &timing)
        guard case .answered(.revoked) = outcome else {
            Issue.record("expected the token to be revoked, got \(outcome)")
            return
        }
        #expect(setup.metrics.revocationResults == [.revoked])
        #expect(timing?.contains(.hash) == true, "the hash is in Server-Timing")
        #expect(setup.introspect(token).result == .revoked)
    }
}
