import struct TesseraTesting.MutualTLSCertificates
import enum TesseraTesting.SHA256Shell
import Foundation
import Testing
import TesseraCore

@testable import TesseraOAuth

/// RFC 8705 §2 client authentication and §3 certificate-bound tokens at the token endpoint, with
/// certificates made by the `openssl` command.
@Suite struct MutualTLSAuthenticationTests {
    static let settings = TokenEndpoint.Settings(
        issuer: Fixtures.issuer, ttlSeconds: 3600, reuse: true, reuseMinRemainingSeconds: 300)

    static func clients(_ certs: MutualTLSCertificates) throws -> [Client] {
        func client(_ id: String, _ subject: MutualTLSPolicy.Subject?, selfSigned: [String] = [], secret: SecretHash? = nil) throws -> Client {
            Client(id: id, secretHash: secret ?? Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: true,
                   mutualTLS: try MutualTLSPolicy.make(subject: subject, selfSignedCertificates: selfSigned))
        }
        return [
            try client("by-dn", .distinguishedName("O=Example,CN=svc")),
            try client("by-dn-cert-order", .distinguishedName("CN=svc,O=Example")),
            try client("by-dn-as-openssl-prints-it", .distinguishedName("cn = svc, o = Example")),
            try client("by-san", .dnsName("svc.example")),
            try client("by-uri", .uri("spiffe://example/svc2")),
            try client("self", nil, selfSigned: [try certs.thumbprint("self"), try certs.thumbprint("self2")]),
            try client("secret-only", nil),
            try client("both", .dnsName("svc.example"), selfSigned: [try certs.thumbprint("self")]),
        ]
    }

    /// A certificate as the HTTP layer would hand it over; validity defaults to "now".
    static func certificate(_ certs: MutualTLSCertificates, _ name: String, verified: Bool, expired: Bool = false) throws -> ClientCertificate {
        let now = Int64(Date().timeIntervalSince1970)
        return ClientCertificate(
            der: try certs.der(certs.path("\(name).pem")), chainVerified: verified,
            notBefore: expired ? now - 7200 : now - 60, notAfter: expired ? now - 3600 : now + 3600)
    }

    /// The certificates are made by openssl when the suite runs, valid from then: the endpoint is
    /// asked at the wall clock's time, not at the fixtures' fixed one.
    static var wallNow: Int64 { Int64(time(nil)) }

    static func request(_ clientID: String, _ certificate: ClientCertificate?, body extra: String = "") throws -> TokenRequest {
        var request = try Fixtures.parse("grant_type=client_credentials&client_id=\(clientID)\(extra)").get()
        #expect(request.credentials.method == .mutualTLS)
        request.credentials.certificate = certificate
        return request
    }

    static func respond(_ endpoint: TokenEndpoint, _ request: TokenRequest) -> Result<TokenResponse, OAuthError> {
        var timing: StepTimings? = nil
        switch endpoint.respond(to: request, now: Self.wallNow, timing: &timing) {
        case .answered(let response): return .success(response)
        case .failed(let error): return .failure(error)
        case .deferred: return .failure(.temporarilyUnavailable("deferred"))
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let client: String
        let certificate: String?
        let verified: Bool
        let expired: Bool
        let authenticates: Bool
        var testDescription: String { "\(client) with \(certificate ?? "no certificate") verified=\(verified) expired=\(expired)" }
    }

    static let cases: [Case] = [
        Case(client: "by-dn", certificate: "client", verified: true, expired: false, authenticates: true),
        Case(client: "by-dn-cert-order", certificate: "client", verified: true, expired: false, authenticates: true),
        Case(client: "by-dn-as-openssl-prints-it", certificate: "client", verified: true, expired: false, authenticates: true),
        Case(client: "by-dn-as-openssl-prints-it", certificate: "svc2", verified: true, expired: false, authenticates: false),
        Case(client: "by-san", certificate: "client", verified: true, expired: false, authenticates: true),
        Case(client: "by-uri", certificate: "svc2", verified: true, expired: false, authenticates: true),
        Case(client: "self", certificate: "self", verified: false, expired: false, authenticates: true),
        Case(client: "self", certificate: "self2", verified: false, expired: false, authenticates: true),
        Case(client: "both", certificate: "client", verified: true, expired: false, authenticates: true),
        Case(client: "both", certificate: "self", verified: false, expired: false, authenticates: true),
        // A name that matches, from a chain that does not verify (another CA signed it).
        Case(client: "by-dn", certificate: "stranger", verified: false, expired: false, authenticates: false),
        Case(client: "by-san", certificate: "stranger", verified: false, expired: false, authenticates: false),
        // The wrong certificate.
        Case(client: "by-dn", certificate: "svc2", verified: true, expired: false, authenticates: false),
        Case(client: "by-san", certificate: "svc2", verified: true, expired: false, authenticates: false),
        Case(client: "by-uri", certificate: "client", verified: true, expired: false, authenticates: false),
        Case(client: "self", certificate: "client", verified: true, expired: false, authenticates: false),
        // Outside its validity period.
        Case(client: "by-san", certificate: "client", verified: true, expired: true, authenticates: false),
        Case(client: "self", certificate: "self", verified: false, expired: true, authenticates: false),
        // No certificate; a client without a certificate method; an unknown client.
        Case(client: "by-dn", certificate: nil, verified: false, expired: false, authenticates: false),
        Case(client: "self", certificate: nil, verified: false, expired: false, authenticates: false),
        Case(client: "secret-only", certificate: "client", verified: true, expired: false, authenticates: false),
        Case(client: "nobody", certificate: "client", verified: true, expired: false, authenticates: false),
    ]

    @Test(arguments: cases)
    func certificateAuthenticatesOnlyTheClientItMatches(_ test: Case) throws {
        let certs = try MutualTLSCertificates.get()
        let endpoint = Fixtures.endpoint(Self.settings, clients: try Self.clients(certs))
        let certificate = try test.certificate.map { try Self.certificate(certs, $0, verified: test.verified, expired: test.expired) }
        let result = Self.respond(endpoint, try Self.request(test.client, certificate))
        if test.authenticates {
            let token = try result.get()
            let cnf = try #require(try Fixtures.payload(token.accessToken)["cnf"] as? [String: String])
            #expect(cnf == ["x5t#S256": try certs.thumbprint(test.certificate!)])
        } else {
            guard case .failure(let error) = result, case .invalidClient = error else {
                Issue.record("expected invalid_client, got \(result)")
                return
            }
            #expect(error.status(at: .token) == 401)
        }
    }

    @Test func refusedCertificatesCountAgainstTheFailureLimit() throws {
        let certs = try MutualTLSCertificates.get()
        var settings = Self.settings
        settings.limits = RateLimits(authFailuresPerMinute: 2)
        let endpoint = Fixtures.endpoint(settings, clients: try Self.clients(certs))
        let wrong = try Self.certificate(certs, "svc2", verified: true)
        for _ in 0..<2 {
            guard case .failure(.invalidClient) = Self.respond(endpoint, try Self.request("by-san", wrong)) else {
                Issue.record("expected invalid_client")
                return
            }
        }
        let right = try Self.certificate(certs, "client", verified: true)
        guard case .failure(.rateLimited) = Self.respond(endpoint, try Self.request("by-san", right)) else {
            Issue.record("expected 429 once the limit is reached")
            return
        }
    }

    @Test func aClientWithASecretStillAuthenticatesByItAndItsTokenIsBoundToTheCertificate() throws {
        let certs = try MutualTLSCertificates.get()
        let endpoint = Fixtures.endpoint(Self.settings, clients: try Self.clients(certs))
        var request = try Fixtures.parse(Fixtures.post("by-san", Fixtures.demoSecret)).get()
        request.credentials.certificate = try Self.certificate(certs, "self", verified: false)
        let token = try Self.respond(endpoint, request).get()
        #expect(try Fixtures.payload(token.accessToken)["cnf"] as? [String: String] == ["x5t#S256": try certs.thumbprint("self")])
        request.credentials.certificate = nil
        let unbound = try Self.respond(endpoint, request).get()
        #expect(try Fixtures.payload(unbound.accessToken)["cnf"] == nil)
        #expect(unbound.accessToken != token.accessToken)
    }

    @Test func reuseHandsABoundTokenOnlyToTheSameCertificate() throws {
        let certs = try MutualTLSCertificates.get()
        let endpoint = Fixtures.endpoint(Self.settings, clients: try Self.clients(certs))
        let first = try Self.respond(endpoint, try Self.request("self", try Self.certificate(certs, "self", verified: false))).get()
        let again = try Self.respond(endpoint, try Self.request("self", try Self.certificate(certs, "self", verified: false))).get()
        #expect(again.accessToken == first.accessToken)
        let other = try Self.respond(endpoint, try Self.request("self", try Self.certificate(certs, "self2", verified: false))).get()
        #expect(other.accessToken != first.accessToken)

        // By secret: unbound and bound tokens are never exchanged.
        var bySecret = try Fixtures.parse(Fixtures.post("by-san", Fixtures.demoSecret)).get()
        let unbound = try Self.respond(endpoint, bySecret).get()
        bySecret.credentials.certificate = try Self.certificate(certs, "client", verified: true)
        let bound = try Self.respond(endpoint, bySecret).get()
        #expect(bound.accessToken != unbound.accessToken)
        #expect(try Self.respond(endpoint, bySecret).get().accessToken == bound.accessToken)
        bySecret.credentials.certificate = nil
        #expect(try Self.respond(endpoint, bySecret).get().accessToken == unbound.accessToken)
    }

    @Test func introspectionAuthenticatesByCertificateAndAnswersWithTheConfirmation() throws {
        let certs = try MutualTLSCertificates.get()
        let tokens = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry(try Self.clients(certs)), minter: JOSETokenMinter(keyRing: GatewaySetup.ring))
        let introspection = IntrospectionEndpoint(
            authenticator: tokens.authenticator, keyRing: GatewaySetup.ring, issuer: Fixtures.issuer,
            cache: IntrospectionCache(capacity: 100), revocations: tokens.revocations)
        let certificate = try Self.certificate(certs, "client", verified: true)
        let token = try Self.respond(tokens, try Self.request("by-san", certificate)).get()

        let body = Array("token=\(String(decoding: token.accessToken, as: UTF8.self))&client_id=by-san".utf8)
        let type = Array("application/x-www-form-urlencoded".utf8)
        var submission = try body.withUnsafeBytes { body in
            try type.withUnsafeBytes { type in try TokenSubmission.parse(contentType: type, authorization: nil, body: body).get() }
        }
        #expect(submission.credentials.method == .mutualTLS)
        var timing: StepTimings? = nil
        guard case .failed(.invalidClient) = introspection.respond(to: submission, now: Self.wallNow, timing: &timing) else {
            Issue.record("without its certificate the client is not authenticated")
            return
        }
        submission.credentials.certificate = certificate
        guard case .answered(let answer) = introspection.respond(to: submission, now: Self.wallNow, timing: &timing),
            answer.result == .active, let record = answer.record
        else {
            Issue.record("expected an active answer")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(record.json)) as? [String: Any])
        #expect(json["cnf"] as? [String: String] == ["x5t#S256": try certs.thumbprint("client")])
        #expect(json["client_id"] as? String == "by-san")
    }

    @Test func theSharedReuseKeyOfABoundTokenNamesItsCertificate() throws {
        let certs = try MutualTLSCertificates.get()
        let stamp = ReuseStamp(clientVersion: 1, signer: 2, cuts: 0)
        let thumbprint = try Self.certificate(certs, "client", verified: true).thumbprint
        let unbound = String(decoding: SharedTokenReuse.key(TokenGrantKey(clientID: "svc", scope: "read", audience: "api"), stamp: stamp),
                             as: UTF8.self)
        let bound = String(decoding: SharedTokenReuse.key(
            TokenGrantKey(clientID: "svc", scope: "read", audience: "api", certificate: thumbprint), stamp: stamp), as: UTF8.self)
        #expect(bound == unbound + "\u{1F}" + (try certs.thumbprint("client")))
    }
}
