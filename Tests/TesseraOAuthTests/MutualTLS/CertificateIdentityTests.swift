import struct TesseraTesting.MutualTLSCertificates
import enum TesseraTesting.SHA256Shell
import Testing

@testable import TesseraOAuth

/// The names `tls_client_auth` matches, read from certificates the `openssl` command made.
@Suite struct CertificateIdentityTests {
    @Test func subjectIsPrintedInRFC4514OrderAndInCertificateOrder() throws {
        let certs = try MutualTLSCertificates.get()
        let svc = try #require(CertificateIdentity.parse(der: try certs.der(certs.path("client.pem"))))
        // `-subj /CN=svc/O=Example`: RFC 4514 puts the last RDN first.
        #expect(svc.subjectDN == "O=Example,CN=svc")
        #expect(svc.subjectDNCertificateOrder == "CN=svc,O=Example")
        #expect(svc.dnsNames == [Array("svc.example".utf8)])
        #expect(svc.uris == [])
        let svc2 = try #require(CertificateIdentity.parse(der: try certs.der(certs.path("svc2.pem"))))
        #expect(svc2.subjectDN == "CN=svc2,O=Example")
        #expect(svc2.dnsNames == [Array("svc2.example".utf8)])
        #expect(svc2.uris == [Array("spiffe://example/svc2".utf8)])
    }

    @Test func subjectKeepsUTF8AndEscapesSpecialCharactersAsRFC4514Says() throws {
        let certs = try MutualTLSCertificates.get()
        let names = try #require(CertificateIdentity.parse(der: try certs.der(certs.path("utf8.pem"))))
        #expect(Array(names.subjectDN.utf8) == Array("O=Example\\, Inc.,CN=s\u{E9}rvice".utf8))
        #expect(Array(names.subjectDNCertificateOrder.utf8) == Array("CN=s\u{E9}rvice,O=Example\\, Inc.".utf8))
    }

    @Test func aCertificateWithoutAlternativeNamesHasNone() throws {
        let certs = try MutualTLSCertificates.get()
        let own = try #require(CertificateIdentity.parse(der: try certs.der(certs.path("self.pem"))))
        #expect(own.subjectDN == "CN=self-signed")
        #expect(own.dnsNames.isEmpty && own.uris.isEmpty)
    }

    @Test(arguments: [[], [0x30, 0x03, 0x02, 0x01, 0x01], Array("not a certificate".utf8)])
    func bytesThatAreNotACertificateHaveNoIdentity(der: [UInt8]) {
        #expect(CertificateIdentity.parse(der: der) == nil)
    }

    @Test func thumbprintIsBase64URLOfTheSHA256OfTheDER() throws {
        let certs = try MutualTLSCertificates.get()
        for name in ["client", "self", "svc2"] {
            let der = try certs.der(certs.path("\(name).pem"))
            let expected = try certs.thumbprint(name)
            #expect(expected.count == 43)
            #expect(ClientCertificate.thumbprint(of: der) == expected)
            #expect(ClientCertificate(der: der, chainVerified: false, notBefore: 0, notAfter: 1).thumbprintBase64URL == expected)
        }
    }

    @Test func policyRefusesThumbprintsThatAreNotSHA256() {
        #expect(throws: MutualTLSPolicyError.self) {
            try MutualTLSPolicy(subject: nil, selfSignedCertificates: ["abc"])
        }
        #expect(throws: MutualTLSPolicyError.self) {
            try MutualTLSPolicy(subject: nil, selfSignedCertificates: [String(repeating: "A", count: 42) + "*"])
        }
        #expect((try? MutualTLSPolicy.make(subject: nil, selfSignedCertificates: [])) == .some(nil))
    }

    @Test(arguments: [
        ("CN=svc,O=Example", "CN=svc,O=Example"),
        ("CN=svc, O=Example", "CN=svc,O=Example"),
        ("CN = svc, O = Example", "CN=svc,O=Example"),  // `openssl x509 -subject` prints this
        ("cn=svc,o=Example", "CN=svc,O=Example"),  // types are case-insensitive, values are not
        ("emailAddress=a@b.example,CN=Svc", "EMAILADDRESS=a@b.example,CN=Svc"),
        ("CN=svc + UID=7, O=Example\\, Inc.", "CN=svc+UID=7,O=Example\\, Inc."),
        ("CN=a\\ ,O=b", "CN=a\\ ,O=b"),  // an escaped space belongs to the value
        ("CN=two words,O=x = y", "CN=two words,O=x = y"),  // `=` inside a value is the value's
    ])
    func registeredSubjectIsSpelledOneWay(written: String, canonical: String) throws {
        let policy = try MutualTLSPolicy(subject: .distinguishedName(written), selfSignedCertificates: [])
        #expect(policy.subject == .distinguishedName(canonical))
    }
}
