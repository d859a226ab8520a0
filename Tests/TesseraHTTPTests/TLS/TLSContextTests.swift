import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

/// Building a TLS context from files: what a start or a SIGHUP reload does. Every failure names
/// the file at fault and OpenSSL's reason, so a bad certificate is refused like a bad config.
struct TLSContextTests {
    @Test func certificateChainAndKeyLoad() throws {
        let certs = try TestCertificates.get()
        let context = try TLSContext(settings: TLSSettings(certificatePath: certs.serverCertificate, privateKeyPath: certs.serverKey))
        #expect(!context.requestsClientCertificates)
    }

    @Test func clientCAMakesHandshakesAskForCertificates() throws {
        let certs = try TestCertificates.get()
        let context = try TLSContext(settings: TLSSettings(
            certificatePath: certs.serverCertificate, privateKeyPath: certs.serverKey, clientCAPath: certs.caCertificate))
        #expect(context.requestsClientCertificates)
    }

    struct BadFiles: CustomTestStringConvertible, Sendable {
        let name: String
        /// certificate, key, client CA, given the fixtures.
        let files: @Sendable (TestCertificates) -> (String, String, String?)
        /// Which of the three the error must name.
        let culprit: Int
        let fragment: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFiles] = [
        BadFiles(name: "missing certificate", files: { ($0.path("nope.pem"), $0.serverKey, nil) }, culprit: 0, fragment: "no such file"),
        BadFiles(name: "missing key", files: { ($0.serverCertificate, $0.path("nope.key"), nil) }, culprit: 1, fragment: "no such file"),
        BadFiles(name: "key given as certificate", files: { ($0.serverKey, $0.serverKey, nil) }, culprit: 0, fragment: "no start line"),
        BadFiles(name: "certificate given as key", files: { ($0.serverCertificate, $0.serverCertificate, nil) }, culprit: 1, fragment: "private key"),
        BadFiles(name: "key of another certificate", files: { ($0.serverCertificate, $0.unrelatedKey, nil) }, culprit: 1, fragment: "mismatch"),
        BadFiles(name: "encrypted key", files: { ($0.serverCertificate, $0.encryptedKey, nil) }, culprit: 1, fragment: "unencrypted"),
        BadFiles(name: "missing client CA", files: { ($0.serverCertificate, $0.serverKey, $0.path("nope-ca.pem")) }, culprit: 2, fragment: "no such file"),
        BadFiles(name: "client CA not PEM", files: { ($0.serverCertificate, $0.serverKey, $0.path("index.txt")) }, culprit: 2, fragment: "CA certificates"),
    ]

    @Test(arguments: badFiles)
    func badFileIsRefusedWithItsPathAndReason(_ testCase: BadFiles) throws {
        let certs = try TestCertificates.get()
        let (certificate, key, clientCA) = testCase.files(certs)
        let culprit = [certificate, key, clientCA ?? ""][testCase.culprit]
        #expect {
            try TLSContext(settings: TLSSettings(certificatePath: certificate, privateKeyPath: key, clientCAPath: clientCA))
        } throws: { error in
            guard let error = error as? TLSError else { return false }
            return error.file == culprit && error.description.hasPrefix(culprit + ": ")
                && error.description.contains(testCase.fragment) && !error.description.contains("\n")
        }
    }

    @Test func errorsLeaveNothingInTheThreadsOpenSSLQueue() throws {
        let certs = try TestCertificates.get()
        _ = try? TLSContext(settings: TLSSettings(certificatePath: certs.serverKey, privateKeyPath: certs.serverKey))
        #expect(OpenSSLErrorQueue.drain().isEmpty)
    }

    @Test func reloadedContextPresentsTheFilesNewContentAndKeepsTheTicketKeys() throws {
        let certs = try TestCertificates.get()
        let folder = certs.path("reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificate = folder + "/tls.pem", key = folder + "/tls.key"
        try FileManager.default.copyItem(atPath: certs.serverCertificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: certs.serverKey, toPath: key)
        let first = try TLSContext(settings: TLSSettings(certificatePath: certificate, privateKeyPath: key))
        let before = try TLSPair(context: first)
        try before.handshake()
        #expect(before.client.serverSubject.contains("O=server"))

        try FileManager.default.removeItem(atPath: certificate)
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: certs.otherServerCertificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: certs.otherServerKey, toPath: key)
        let second = try first.reloaded()
        #expect(second.ticketKeys === first.ticketKeys)
        let after = try TLSPair(context: second)
        try after.handshake()
        #expect(after.client.serverSubject.contains("O=server2"))

        // A broken file on the next reload throws; the caller keeps `second`.
        try "not a certificate".write(toFile: certificate, atomically: true, encoding: .utf8)
        #expect(throws: TLSError.self) { try second.reloaded() }
        let still = try TLSPair(context: second)
        try still.handshake()
        #expect(still.client.serverSubject.contains("O=server2"))
    }

    @Test func boxKeepsTheRunningContextWhenAReloadFails() throws {
        let certs = try TestCertificates.get()
        let good = TLSSettings(certificatePath: certs.serverCertificate, privateKeyPath: certs.serverKey)
        let box = try TLSContextBox(settings: good)
        let first = box.current
        let broken = TLSSettings(certificatePath: certs.serverCertificate, privateKeyPath: certs.unrelatedKey)
        #expect(throws: TLSError.self) { try box.reload(settings: broken) }
        #expect(box.current === first)
        let other = TLSSettings(certificatePath: certs.otherServerCertificate, privateKeyPath: certs.otherServerKey)
        try box.reload(settings: other)
        #expect(box.current !== first)
        #expect(box.current.settings == other)
        #expect(box.current.ticketKeys === first.ticketKeys)
        let pair = try TLSPair(context: box.current)
        try pair.handshake()
        #expect(pair.client.serverSubject.contains("O=server2"))
    }
}
