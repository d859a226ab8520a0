import struct TesseraTesting.MutualTLSCertificates
import Testing

@testable import TesseraOAuth

/// Revoking a certificate-bound token must drop the very shared reuse entry its issue
/// wrote. The revoking side built the key without the thumbprint, so the bound token stayed in
/// Redis for every other node to hand out. Both sides run here over one in-memory `ReuseStore`.
@Suite struct BoundTokenRevocationTests {
    typealias MemoryStore = SharedTokenReuseStoreTests.MemoryStore

    static func settle<T>(_ outcome: EndpointOutcome<T>) -> EndpointOutcome<T> {
        guard case .deferred(let work) = outcome else { return outcome }
        var timing: StepTimings? = nil
        return work.settle(timing: &timing)
    }

    @Test(arguments: [true, false])
    func revokingATokenDropsTheSharedEntryItsIssueWrote(bound: Bool) throws {
        let certs = try MutualTLSCertificates.get()
        let store = MemoryStore()
        let shared = SharedTokenReuse(store: store, minRemainingSeconds: 300)
        let tokens = TokenEndpoint(
            settings: MutualTLSAuthenticationTests.settings, registry: ClientRegistry(try MutualTLSAuthenticationTests.clients(certs)),
            minter: JOSETokenMinter(keyRing: GatewaySetup.ring), sharedReuse: shared)
        let introspection = IntrospectionEndpoint(
            authenticator: tokens.authenticator, keyRing: GatewaySetup.ring, issuer: Fixtures.issuer,
            cache: IntrospectionCache(capacity: 100), revocations: tokens.revocations)
        let revocation = RevocationEndpoint(
            authenticator: tokens.authenticator, introspection: introspection, reuse: tokens.caches.reuse,
            revocations: tokens.revocations, sharedReuse: shared, signerIdentity: tokens.minter.signerIdentity)

        // "both" authenticates by certificate; by secret with a certificate the token is bound too.
        var request = try Fixtures.parse(Fixtures.post("both", Fixtures.demoSecret)).get()
        if bound { request.credentials.certificate = try MutualTLSAuthenticationTests.certificate(certs, "client", verified: true) }
        var timing: StepTimings? = nil
        let issued = Self.settle(tokens.respond(to: request, now: Fixtures.now, timing: &timing))
        guard case .answered(let token) = issued else {
            Issue.record("no token: \(issued)")
            return
        }
        let written = store.values.withLock { Array($0.keys) }
        #expect(written.count == 1, "the issue offered its token to the other nodes")
        #expect(written.first.map { $0.contains(0x1F) && String(decoding: $0, as: UTF8.self).hasSuffix(try! certs.thumbprint("client")) } == bound)

        var submission = GatewaySetup.submission(token.accessToken, by: "both")
        submission.credentials.certificate = request.credentials.certificate
        let revoked = Self.settle(revocation.respond(to: submission, now: Fixtures.now, timing: &timing))
        guard case .answered(.revoked) = revoked else {
            Issue.record("not revoked: \(revoked)")
            return
        }
        #expect(store.values.withLock { $0.isEmpty }, "the revoked token's shared entry is still there: another node hands it out")
    }
}
