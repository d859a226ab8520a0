import COpenSSL
import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

/// RFC 9440 `Client-Cert` as a trusted proxy sends it: `:` base64(DER) `:` (RFC 8941 §3.3.5).
struct ClientCertHeaderTests {
    static func parse(_ text: String) throws(HTTPError) -> [UInt8] {
        let bytes = Array(text.utf8)
        let result: Result<[UInt8], HTTPError> = bytes.withUnsafeBytes { raw in Result { () throws(HTTPError) in try ClientCertHeader.parseDER(raw) } }
        return try result.get()
    }

    static func header(_ der: [UInt8], padded: Bool = true) -> String {
        var text = Data(der).base64EncodedString()
        if !padded { while text.hasSuffix("=") { text.removeLast() } }
        return ":\(text):"
    }

    @Test func wellFormedHeaderYieldsTheDER() throws {
        let certs = try TestCertificates.get()
        let der = try certs.der(certs.clientCertificate)
        #expect(try Self.parse(Self.header(der)) == der)
        #expect(try Self.parse("  \(Self.header(der))\t") == der)
    }

    @Test func unpaddedBase64IsAccepted() throws {
        let certs = try TestCertificates.get()
        // Pick a certificate whose length is not a multiple of 3, so the encoding has padding.
        for path in [certs.clientCertificate, certs.selfSignedCertificate, certs.expiredCertificate, certs.caCertificate] {
            let der = try certs.der(path)
            #expect(try Self.parse(Self.header(der, padded: false)) == der)
        }
    }

    static func malformed() throws -> [(String, String)] {
        let certs = try TestCertificates.get()
        let der = try certs.der(certs.clientCertificate)
        let good = header(der)
        let b64 = Data(der).base64EncodedString()
        return [
            ("empty", ""),
            ("empty byte sequence", "::"),
            ("no colons (bare base64, as some proxies send PEM bodies)", b64),
            ("missing closing colon", ":" + b64),
            ("PEM instead of DER", ":" + Data(try String(contentsOfFile: certs.clientCertificate, encoding: .utf8).utf8).base64EncodedString() + ":"),
            ("base64url alphabet", ":" + b64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") + "-_:"),
            ("space inside", ":" + b64.prefix(10) + " " + b64.dropFirst(10) + ":"),
            ("padding in the middle", ":" + b64.prefix(8) + "=" + b64.dropFirst(8) + ":"),
            ("impossible length", ":" + b64.prefix(5) + ":"),
            ("not a certificate", ":" + Data("hello, world".utf8).base64EncodedString() + ":"),
            ("truncated certificate", ":" + Data(der.dropLast(10)).base64EncodedString() + ":"),
            ("bytes after the certificate", ":" + Data(der + [0, 0]).base64EncodedString() + ":"),
            ("two certificates", ":" + Data(der + der).base64EncodedString() + ":"),
            ("a parameter", good + ";a=1"),
            ("a list of two", good + ", " + good),
            ("too long", ":" + String(repeating: "A", count: ClientCertHeader.maxLength) + ":"),
        ]
    }

    @Test func malformedHeaderIsA400() throws {
        for (name, value) in try Self.malformed() {
            do {
                _ = try Self.parse(value)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.status == 400, "\(name)")
            }
        }
    }

    @Test(arguments: [true, false])
    func headerCertificateIsVerifiedAgainstTheClientCA(caSigned: Bool) throws {
        let certs = try TestCertificates.get()
        let context = try TLSHandshakeTests.context(clientCA: true)
        let der = try certs.der(caSigned ? certs.clientCertificate : certs.selfSignedCertificate)
        let bytes = Array(Self.header(der).utf8)
        let presented = try bytes.withUnsafeBytes { try ClientCertHeader.certificate($0, context: context) }
        #expect(presented.der == der)
        #expect(presented.source == .clientCertHeader)
        #expect(presented.chainVerified == caSigned)
        #expect(presented.verifyError == (caSigned ? X509_V_OK : X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT))
    }

    /// RFC 9440 §2: the proxy verified the chain before it forwarded the header, so without a
    /// client CA of our own to check against, the header's certificate counts as verified.
    @Test func withoutAClientCATheProxysVerificationStands() throws {
        let certs = try TestCertificates.get()
        let bytes = Array(Self.header(try certs.der(certs.clientCertificate)).utf8)
        let presented = try bytes.withUnsafeBytes { try ClientCertHeader.certificate($0, context: nil) }
        #expect(presented.chainVerified)
        #expect(try bytes.withUnsafeBytes { try ClientCertHeader.certificate($0, context: TLSHandshakeTests.context()) }.chainVerified)
    }

    @Test func expiredCertificateFromAHeaderDoesNotVerify() throws {
        let certs = try TestCertificates.get()
        let context = try TLSHandshakeTests.context(clientCA: true)
        let bytes = Array(Self.header(try certs.der(certs.expiredCertificate)).utf8)
        let presented = try bytes.withUnsafeBytes { try ClientCertHeader.certificate($0, context: context) }
        #expect(!presented.chainVerified)
        #expect(presented.verifyError == X509_V_ERR_CERT_HAS_EXPIRED)
    }
}
