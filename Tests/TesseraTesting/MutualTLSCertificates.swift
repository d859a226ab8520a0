import Foundation

/// Certificates for the mTLS client authentication tests, made once per test module in a
/// `CertificateFolder` of their own:
/// - `ca.pem` and the server's `server.pem` (localhost, 127.0.0.1) it signed;
/// - `client.pem`: the CA's, `/CN=svc/O=Example`, SAN `DNS:svc.example`;
/// - `svc2.pem`: the CA's, `/O=Example/CN=svc2`, SANs `DNS:svc2.example`, `URI:spiffe://example/svc2`;
/// - `stranger.pem`: like `client.pem` (same subject and SAN) but signed by another CA;
/// - `expired.pem`: the CA's, valid in January 2020 only;
/// - `self.pem`, `self2.pem`: self-signed;
/// - `utf8.pem`: the CA's, `/CN=sérvice/O=Example, Inc.` (UTF-8 and a comma in the subject).
/// Each `name.pem` has its key in `name.key`.
package struct MutualTLSCertificates: CertificateSet {
    package let folder: CertificateFolder

    /// base64url SHA-256 of a PEM certificate's DER: its `x5t#S256`.
    package func thumbprint(_ name: String) throws -> String {
        let der = try der(path("\(name).pem"))
        var digest = [UInt8](repeating: 0, count: 32)
        guard SHA256Shell.digest(der, into: &digest) else { throw CertificateFolder.Failed(description: "openssl dgst failed") }
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    package static let shared: Result<MutualTLSCertificates, any Error> = Result { try make() }
    package static func get() throws -> MutualTLSCertificates { try shared.get() }

    private static func make() throws -> MutualTLSCertificates {
        let folder = try CertificateFolder(prefix: "tessera-mtls")
        let leaf = "basicConstraints=critical,CA:FALSE"
        let client = [leaf, "extendedKeyUsage=clientAuth"]
        try folder.certificate("ca", subject: "/CN=Tessera mTLS Test CA")
        try folder.certificate("server", subject: "/CN=localhost", signedBy: "ca",
                               extensions: ["subjectAltName=DNS:localhost,IP:127.0.0.1", leaf])
        try folder.certificate("client", subject: "/CN=svc/O=Example", signedBy: "ca",
                               extensions: ["subjectAltName=DNS:svc.example"] + client)
        try folder.certificate("svc2", subject: "/O=Example/CN=svc2", signedBy: "ca",
                               extensions: ["subjectAltName=DNS:svc2.example,URI:spiffe://example/svc2"] + client)
        try folder.certificate("otherca", subject: "/CN=Other CA")
        try folder.certificate("stranger", subject: "/CN=svc/O=Example", signedBy: "otherca",
                               extensions: ["subjectAltName=DNS:svc.example"] + client)
        try folder.certificate("self", subject: "/CN=self-signed")
        try folder.certificate("self2", subject: "/CN=self-signed-2")
        try folder.certificate("utf8", subject: "/CN=s\u{E9}rvice/O=Example, Inc.", signedBy: "ca", extensions: client, utf8: true)
        try folder.expiredCertificate("expired", subject: "/CN=svc/O=Example", signedBy: "ca",
                                      extensions: ["subjectAltName=DNS:svc.example"])
        return MutualTLSCertificates(folder: folder)
    }
}

/// SHA-256 through the `openssl dgst` command, so the test does not compute thumbprints with the
/// code under test.
package enum SHA256Shell {
    package static func digest(_ bytes: [UInt8], into out: inout [UInt8]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256", "-binary"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return false }
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard data.count == 32 else { return false }
        out = [UInt8](data)
        return true
    }
}
