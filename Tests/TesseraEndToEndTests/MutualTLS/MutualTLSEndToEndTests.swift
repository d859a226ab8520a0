import TesseraTesting
import Foundation
import Testing

/// RFC 8705 on the real binary over HTTPS, with Python's ssl presenting client certificates:
/// tls_client_auth by subject DN and by SAN, self_signed_tls_client_auth by thumbprint, the
/// refusals (401 invalid_client), certificate-bound tokens in the JWT, introspection and reuse,
/// and the `Client-Cert` header of a trusted proxy.
@Suite(.serialized, .requires(TLSClients.installed, "python3 and curl are needed (scripts/test installs them)"))
struct MutualTLSEndToEndTests {
    static let token = "grant_type=client_credentials&client_id="

    /// Clients: `by-dn` (subject `CN=svc,O=Example`, the contract's example), `by-san`
    /// (`svc.example`), `self` (the thumbprints of self.pem and self2.pem), `secret` (a generated
    /// secret, may introspect).
    static func setup(tls: Bool = true, trustedProxies: [String] = []) throws -> (ServerSetup, TestClient) {
        let certs = try MutualTLSCertificates.get()
        let secret = try TestClient.generated("secret", scopes: ["read"], audiences: ["api"])
        var server: [String] = []
        if tls {
            server += ["tls:", "  certificate: \(certs.path("server.pem"))", "  private_key: \(certs.path("server.key"))",
                       "  client_ca: \(certs.path("ca.pem"))"]
        }
        server.append("trusted_proxies: [\(trustedProxies.map { "\"\($0)\"" }.joined(separator: ", "))]")
        let common = ["  scopes: [read]", "  audiences: [api]", "  introspect: true"]
        let clients = ["- id: by-dn", "  tls_client_auth: {subject_dn: \"CN=svc,O=Example\"}"] + common
            + ["- id: by-san", "  tls_client_auth: {san_dns: svc.example}"] + common
            + ["- id: self", "  self_signed_certificates: [\(try certs.thumbprint("self")), \(try certs.thumbprint("self2"))]"] + common
            + ["- id: secret", "  secret_hash: \(ServerSetup.quoted(secret.secretHash))"] + common
        let setup = ServerSetup(sections: ["server": server, "tokens": ["reuse: true"], "clients": clients])
        return (setup, secret)
    }

    static func withServer(tls: Bool = true, trustedProxies: [String] = [],
                           _ body: (TesseraProcess, MutualTLSCertificates, TestClient) throws -> Void) throws {
        #expect(TLSClients.pythonAvailable, "python3 is missing")
        let certs = try MutualTLSCertificates.get()
        let (setup, secret) = try Self.setup(tls: tls, trustedProxies: trustedProxies)
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }
        try body(server, certs, secret)
        #expect(server.isRunning, "stderr: \(server.stderr)")
    }

    static func request(_ client: String, _ certificate: String?, _ certs: MutualTLSCertificates) -> MutualTLSClient.Request {
        MutualTLSClient.Request(body: token + client, certificate: certificate.map { certs.path($0) })
    }

    static func send(_ server: TesseraProcess, _ certs: MutualTLSCertificates, _ requests: [MutualTLSClient.Request]) throws -> [HTTPResponse] {
        try MutualTLSClient.send(port: server.port, ca: certs.path("ca.pem"), requests)
    }

    static func confirmation(_ response: HTTPResponse) throws -> String? {
        let token = try #require(response.accessToken, "\(response.status) \(response.body)")
        return (try DecodedJWT(token).claims["cnf"] as? [String: String])?["x5t#S256"]
    }

    @Test func certificatesAuthenticateBySubjectBySANAndByThumbprint() throws {
        try Self.withServer { server, certs, _ in
            let answers = try Self.send(server, certs, [
                Self.request("by-dn", "client", certs), Self.request("by-san", "client", certs),
                Self.request("self", "self", certs), Self.request("self", "self2", certs),
            ])
            #expect(answers.map(\.status) == [200, 200, 200, 200], "\(answers.map(\.body))")
            #expect(try Self.confirmation(answers[0]) == (try certs.thumbprint("client")))
            #expect(try Self.confirmation(answers[1]) == (try certs.thumbprint("client")))
            #expect(try Self.confirmation(answers[2]) == (try certs.thumbprint("self")))
            #expect(try Self.confirmation(answers[3]) == (try certs.thumbprint("self2")))
        }
    }

    @Test func certificatesThatDoNotAuthenticateTheClientAre401InvalidClient() throws {
        try Self.withServer { server, certs, _ in
            let cases: [(String, String?)] = [
                ("by-dn", "svc2"),  // another subject
                ("by-san", "svc2"),  // another SAN
                ("by-san", "expired"),  // CA-signed, expired
                ("by-dn", "stranger"),  // the right names, from another CA
                ("by-san", "stranger"),
                ("by-san", nil),  // no certificate
                ("self", "client"),  // a thumbprint not registered
                ("self", nil),
                ("secret", "client"),  // a client with a secret only
                ("nobody", "client"),
            ]
            let answers = try Self.send(server, certs, cases.map { Self.request($0.0, $0.1, certs) })
            for (index, answer) in answers.enumerated() {
                #expect(answer.status == 401 && answer.error == "invalid_client", "\(cases[index]): \(answer.status) \(answer.body)")
            }
        }
    }

    @Test func boundTokensCarryCnfInIntrospectionAndAreReusedOnlyForTheSameCertificate() throws {
        try Self.withServer { server, certs, secret in
            let basic = "Basic " + Data("secret:\(secret.secret)".utf8).base64EncodedString()
            var bySecret = MutualTLSClient.Request(body: "grant_type=client_credentials")
            bySecret.headers = ["Authorization": basic]
            var bySecretWithCertificate = bySecret
            bySecretWithCertificate.certificate = certs.path("client")
            let answers = try Self.send(server, certs, [
                Self.request("self", "self", certs), Self.request("self", "self", certs), Self.request("self", "self2", certs),
                bySecret, bySecretWithCertificate, bySecret, bySecretWithCertificate,
            ])
            #expect(answers.map(\.status) == [200, 200, 200, 200, 200, 200, 200], "\(answers.map(\.body))")
            let tokens = answers.map { $0.accessToken ?? "" }
            #expect(tokens[1] == tokens[0], "the same certificate gets the same token")
            #expect(tokens[2] != tokens[0], "another certificate gets its own")
            #expect(tokens[4] != tokens[3], "a bound token is not handed to a request without a certificate, nor the reverse")
            #expect(tokens[5] == tokens[3] && tokens[6] == tokens[4])
            #expect(try Self.confirmation(answers[3]) == nil)
            #expect(try Self.confirmation(answers[4]) == (try certs.thumbprint("client")))

            // Introspection: by secret without a certificate, and by certificate.
            var introspect = MutualTLSClient.Request(path: "/oauth/introspect", body: "token=\(tokens[0])")
            introspect.headers = ["Authorization": basic]
            var byCertificate = MutualTLSClient.Request(path: "/oauth/introspect", body: "token=\(tokens[4])&client_id=by-san")
            byCertificate.certificate = certs.path("client")
            var withoutCertificate = byCertificate
            withoutCertificate.certificate = nil
            let looked = try Self.send(server, certs, [introspect, byCertificate, withoutCertificate])
            #expect(looked[0].json["cnf"] as? [String: String] == ["x5t#S256": try certs.thumbprint("self")], "\(looked[0].body)")
            #expect(looked[1].json["cnf"] as? [String: String] == ["x5t#S256": try certs.thumbprint("client")], "\(looked[1].body)")
            #expect(looked[1].json["active"] as? Bool == true)
            #expect(looked[2].status == 401 && looked[2].error == "invalid_client")

            // Revocation by certificate (RFC 7009 with RFC 8705 client authentication).
            var revoke = MutualTLSClient.Request(path: "/oauth/revoke", body: "token=\(tokens[0])&client_id=self")
            revoke.certificate = certs.path("self")
            var revokeWithoutCertificate = revoke
            revokeWithoutCertificate.certificate = nil
            let revoked = try Self.send(server, certs, [revokeWithoutCertificate, revoke, introspect])
            #expect(revoked[0].status == 401 && revoked[0].error == "invalid_client")
            #expect(revoked[1].status == 200, "\(revoked[1].body)")
            #expect(revoked[2].json["active"] as? Bool == false, "\(revoked[2].body)")
        }
    }

    @Test func metadataAnnouncesCertificateMethodsAndBoundTokens() throws {
        try Self.withServer { server, certs, _ in
            let answer = try Self.send(server, certs, [MutualTLSClient.Request(path: "/.well-known/oauth-authorization-server", body: nil)])[0]
            #expect(answer.json["tls_client_certificate_bound_access_tokens"] as? Bool == true)
            for key in ["token_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported",
                        "revocation_endpoint_auth_methods_supported"] {
                let methods = answer.json[key] as? [String] ?? []
                #expect(methods.contains("tls_client_auth") && methods.contains("self_signed_tls_client_auth"), "\(key): \(methods)")
            }
        }
    }

    /// RFC 9440 header: `:` base64 DER `:`.
    static func clientCert(_ certs: MutualTLSCertificates, _ name: String) throws -> String {
        ":" + Data(try certs.der(certs.path("\(name).pem"))).base64EncodedString() + ":"
    }

    @Test func aTrustedProxysClientCertHeaderAuthenticatesAndBinds() throws {
        try Self.withServer(tls: false, trustedProxies: ["127.0.0.1/32"]) { server, certs, _ in
            var request = MutualTLSClient.Request(scheme: "http", body: Self.token + "self")
            request.headers = ["Client-Cert": try Self.clientCert(certs, "self")]
            var malformed = request
            malformed.headers = ["Client-Cert": "not-a-byte-sequence"]
            var none = request
            none.headers = [:]
            let answers = try Self.send(server, certs, [request, malformed, none])
            #expect(answers[0].status == 200, "\(answers[0].body)")
            #expect(try Self.confirmation(answers[0]) == (try certs.thumbprint("self")))
            #expect(answers[1].status == 400, "\(answers[1].body)")
            #expect(answers[2].status == 401 && answers[2].error == "invalid_client")
        }
        // Over TLS from a trusted proxy: the header's certificate is verified against client_ca.
        try Self.withServer(trustedProxies: ["127.0.0.1/32"]) { server, certs, _ in
            var bySAN = MutualTLSClient.Request(body: Self.token + "by-san")
            bySAN.headers = ["Client-Cert": try Self.clientCert(certs, "client")]
            var stranger = bySAN
            stranger.headers = ["Client-Cert": try Self.clientCert(certs, "stranger")]
            let answers = try Self.send(server, certs, [bySAN, stranger])
            #expect(answers[0].status == 200, "\(answers[0].body)")
            #expect(try Self.confirmation(answers[0]) == (try certs.thumbprint("client")))
            #expect(answers[1].status == 401 && answers[1].error == "invalid_client")
        }
    }

    /// RFC 9440 §2: without client_ca, a CA-issued certificate a trusted proxy forwards
    /// authenticates tls_client_auth (the proxy verified its chain); its validity dates and names
    /// are still checked.
    @Test func aTrustedProxysClientCertAuthenticatesTLSClientAuthWithoutAClientCA() throws {
        try Self.withServer(tls: false, trustedProxies: ["127.0.0.1/32"]) { server, certs, _ in
            func request(_ client: String, _ certificate: String) throws -> MutualTLSClient.Request {
                var request = MutualTLSClient.Request(scheme: "http", body: Self.token + client)
                request.headers = ["Client-Cert": try Self.clientCert(certs, certificate)]
                return request
            }
            let answers = try Self.send(server, certs, [
                try request("by-san", "client"), try request("by-dn", "client"), try request("by-dn", "svc2"),
                try request("by-san", "expired")])
            #expect(answers[0].status == 200, "\(answers[0].body)")
            #expect(try Self.confirmation(answers[0]) == (try certs.thumbprint("client")))
            #expect(answers[1].status == 200, "\(answers[1].body)")
            #expect(answers[2].status == 401 && answers[2].error == "invalid_client", "another name")
            #expect(answers[3].status == 401 && answers[3].error == "invalid_client", "expired")
        }
    }

    @Test func aClientCertHeaderFromAnUntrustedPeerIsIgnored() throws {
        try Self.withServer(tls: false, trustedProxies: ["10.0.0.0/8"]) { server, certs, secret in
            var request = MutualTLSClient.Request(scheme: "http", body: Self.token + "self")
            request.headers = ["Client-Cert": try Self.clientCert(certs, "self")]
            var bySecret = MutualTLSClient.Request(scheme: "http", body: "grant_type=client_credentials")
            bySecret.headers = ["Authorization": "Basic " + Data("secret:\(secret.secret)".utf8).base64EncodedString(),
                                "Client-Cert": try Self.clientCert(certs, "self")]
            let answers = try Self.send(server, certs, [request, bySecret])
            #expect(answers[0].status == 401 && answers[0].error == "invalid_client", "\(answers[0].body)")
            #expect(answers[1].status == 200)
            #expect(try Self.confirmation(answers[1]) == nil, "an ignored header binds nothing")
            // by-dn and by-san use tls_client_auth: with trusted proxies, their Client-Cert can
            // authenticate it without server.tls.client_ca, so nothing is warned about.
            #expect(!server.stderr.contains("tls_client_auth needs server.tls.client_ca"), "\(server.stderr)")
            // The metadata is the same over plain HTTP (a proxy may bring certificates).
            let metadata = try Self.send(server, certs, [
                MutualTLSClient.Request(scheme: "http", path: "/.well-known/oauth-authorization-server", body: nil)])[0]
            #expect(metadata.json["tls_client_certificate_bound_access_tokens"] as? Bool == true)
            #expect((metadata.json["token_endpoint_auth_methods_supported"] as? [String])?.contains("tls_client_auth") == true)
        }
    }
}
