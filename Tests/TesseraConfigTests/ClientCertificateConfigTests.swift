import Testing
@testable import TesseraConfig

/// `clients[].tls_client_auth` and `clients[].self_signed_certificates` (RFC 8705 §2).
struct ClientCertificateConfigTests {
    static let thumbprint = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"

    static func parse(_ client: String) throws -> Config {
        try ConfigLoader.parse(yaml: "clients:\n  - id: svc\n    audiences: [api]\n" + client, file: "/etc/tessera/config.yaml", environment: [:])
    }

    @Test func contractExamplesParseAndNeedNoSecret() throws {
        let dn = try Self.parse("    tls_client_auth: {subject_dn: \"CN=svc,O=Example\"}\n").clients[0]
        #expect(dn.tlsClientAuth == TLSClientAuthConfig(name: .subjectDN, value: "CN=svc,O=Example"))
        #expect(dn.secretHash == "")
        let san = try Self.parse("    tls_client_auth:\n      san_dns: svc.example\n").clients[0]
        #expect(san.tlsClientAuth == TLSClientAuthConfig(name: .sanDNS, value: "svc.example"))
        let uri = try Self.parse("    tls_client_auth: {san_uri: \"spiffe://example/svc\"}\n").clients[0]
        #expect(uri.tlsClientAuth == TLSClientAuthConfig(name: .sanURI, value: "spiffe://example/svc"))
        let own = try Self.parse("    self_signed_certificates: [\(Self.thumbprint)]\n").clients[0]
        #expect(own.selfSignedCertificates == [Self.thumbprint])
        #expect(own.tlsClientAuth == nil && own.hasCertificateMethod)
    }

    @Test(arguments: [
        ("    tls_client_auth: {}\n", "clients[0].tls_client_auth"),
        ("    tls_client_auth: {subject_dn: a, san_dns: b}\n", "clients[0].tls_client_auth"),
        ("    tls_client_auth: {subject_dn: \"\"}\n", "clients[0].tls_client_auth.subject_dn"),
        ("    tls_client_auth: {subject: a}\n", "clients[0].tls_client_auth.subject"),
        ("    self_signed_certificates: [abc]\n", "clients[0].self_signed_certificates[0]"),
        ("    self_signed_certificates: []\n", "clients[0].secret_hash"),
        ("    scopes: [read]\n", "clients[0].secret_hash"),
    ])
    func badCertificateMethodsNameTheKey(client: String, keyPath: String) {
        #expect(throws: ConfigError.self) { try Self.parse(client) }
        do {
            _ = try Self.parse(client)
        } catch let error as ConfigError {
            #expect(error.keyPath == keyPath, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
