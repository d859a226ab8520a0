import Foundation

/// Certificates for the TLS tests, made once per test process in a `CertificateFolder`: a CA, two
/// server certificates it signed (the second for reload tests), a client certificate it signed, a
/// self-signed client certificate, an expired CA-signed client certificate, an encrypted key and a
/// key that matches nothing.
package struct TestCertificates: CertificateSet {
    package let folder: CertificateFolder

    package var caCertificate: String { path("ca.pem") }
    package var serverCertificate: String { path("server.pem") }
    package var serverKey: String { path("server.key") }
    package var otherServerCertificate: String { path("server2.pem") }
    package var otherServerKey: String { path("server2.key") }
    package var clientCertificate: String { path("client.pem") }
    package var clientKey: String { path("client.key") }
    package var selfSignedCertificate: String { path("self.pem") }
    package var selfSignedKey: String { path("self.key") }
    package var expiredCertificate: String { path("expired.pem") }
    package var expiredKey: String { path("expired.key") }
    package var encryptedKey: String { path("encrypted.key") }
    package var unrelatedKey: String { path("unrelated.key") }

    package static let shared: Result<TestCertificates, any Error> = Result { try make() }

    package static func get() throws -> TestCertificates { try shared.get() }

    private static func make() throws -> TestCertificates {
        let folder = try CertificateFolder(prefix: "tessera-tls")
        let leaf = "basicConstraints=critical,CA:FALSE"
        try folder.certificate("ca", subject: "/CN=Tessera Test CA")
        for name in ["server", "server2"] {
            try folder.certificate(name, subject: "/CN=localhost/O=\(name)", signedBy: "ca",
                                   extensions: ["subjectAltName=DNS:localhost,IP:127.0.0.1", leaf])
        }
        try folder.certificate("client", subject: "/CN=svc/O=Example", signedBy: "ca",
                               extensions: ["subjectAltName=DNS:svc.example", "extendedKeyUsage=clientAuth", leaf])
        try folder.certificate("self", subject: "/CN=self-signed")
        try folder.expiredCertificate("expired", subject: "/CN=expired", signedBy: "ca")
        try folder.key("encrypted.key", password: "secret")
        try folder.key("unrelated.key")
        return TestCertificates(folder: folder)
    }
}
