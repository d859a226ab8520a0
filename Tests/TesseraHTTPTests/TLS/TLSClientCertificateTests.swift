import COpenSSL
import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

/// With `client_ca`, every client certificate completes the handshake; whether it chains to the
/// CA is recorded for the client's authentication method (RFC 8705 §2) to decide.
struct TLSClientCertificateTests {
    enum Kind: String, CaseIterable, Sendable { case caSigned, selfSigned, expired }

    static func files(_ kind: Kind, _ certs: TestCertificates) -> (String, String) {
        switch kind {
        case .caSigned: (certs.clientCertificate, certs.clientKey)
        case .selfSigned: (certs.selfSignedCertificate, certs.selfSignedKey)
        case .expired: (certs.expiredCertificate, certs.expiredKey)
        }
    }

    @Test(arguments: [
        (Kind.caSigned, true, X509_V_OK),
        (Kind.selfSigned, false, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT),
        (Kind.expired, false, X509_V_ERR_CERT_HAS_EXPIRED),
    ])
    func everyCertificateCompletesTheHandshakeWithItsVerdict(kind: Kind, verified: Bool, error: Int32) throws {
        let certs = try TestCertificates.get()
        let (certificate, key) = Self.files(kind, certs)
        let pair = try TLSPair(context: try TLSHandshakeTests.context(clientCA: true), .init(certificate: certificate, key: key))
        try pair.handshake()
        let presented = try #require(pair.server.clientCertificate)
        #expect(presented.der == (try certs.der(certificate)))
        #expect(presented.chainVerified == verified)
        #expect(presented.verifyError == error)
        #expect(presented.source == .handshake)
        let now = Int64(Date().timeIntervalSince1970)
        #expect(presented.isValid(at: now) == (kind != .expired))
    }

    @Test func clientWithoutACertificateIsServedWithNone() throws {
        let pair = try TLSPair(context: try TLSHandshakeTests.context(clientCA: true))
        try pair.handshake()
        #expect(pair.server.clientCertificate == nil)
    }

    @Test func withoutClientCANoCertificateIsAskedFor() throws {
        let certs = try TestCertificates.get()
        let pair = try TLSPair(context: try TLSHandshakeTests.context(clientCA: false),
                               .init(certificate: certs.clientCertificate, key: certs.clientKey))
        try pair.handshake()
        #expect(pair.server.clientCertificate == nil)
    }

    @Test(arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func resumedSessionKeepsTheClientCertificateAndVerdict(version: Int32) throws {
        let certs = try TestCertificates.get()
        let context = try TLSHandshakeTests.context(clientCA: true)
        let first = try TLSPair(context: context, .init(maxVersion: version, certificate: certs.clientCertificate, key: certs.clientKey))
        try first.handshake()
        _ = try first.serverSays("hello")
        let session = try #require(first.client.session)
        defer { SSL_SESSION_free(session) }
        let second = try TLSPair(context: context, .init(maxVersion: version, certificate: certs.clientCertificate,
                                                         key: certs.clientKey, session: session))
        try second.handshake()
        #expect(second.server.sessionReused)
        let presented = try #require(second.server.clientCertificate)
        #expect(presented.der == (try certs.der(certs.clientCertificate)))
        #expect(presented.chainVerified)
    }
}
