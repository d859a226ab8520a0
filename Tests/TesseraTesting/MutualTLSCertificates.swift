import Foundation

/// Certificates for the mTLS client authentication tests, made once per test module with the
/// `openssl` command in a folder of their own (every test module runs in one process, so no
/// folder is shared with another fixture):
/// - `ca.pem` and the server's `server.pem` (localhost, 127.0.0.1) it signed;
/// - `client.pem`: the CA's, `/CN=svc/O=Example`, SAN `DNS:svc.example`;
/// - `svc2.pem`: the CA's, `/O=Example/CN=svc2`, SANs `DNS:svc2.example`, `URI:spiffe://example/svc2`;
/// - `stranger.pem`: like `client.pem` (same subject and SAN) but signed by another CA;
/// - `expired.pem`: the CA's, valid in January 2020 only;
/// - `self.pem`, `self2.pem`: self-signed;
/// - `utf8.pem`: the CA's, `/CN=sérvice/O=Example, Inc.` (UTF-8 and a comma in the subject).
/// Each `name.pem` has its key in `name.key`.
package struct MutualTLSCertificates: Sendable {
    package let directory: String

    package func path(_ name: String) -> String { directory + "/" + name }

    /// The DER bytes of a PEM certificate file.
    package func der(_ pemPath: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: pemPath, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw Failed(description: "\(pemPath) is not PEM") }
        return [UInt8](data)
    }

    /// base64url SHA-256 of a PEM certificate's DER: its `x5t#S256`.
    package func thumbprint(_ name: String) throws -> String {
        let der = try der(path("\(name).pem"))
        var digest = [UInt8](repeating: 0, count: 32)
        guard SHA256Shell.digest(der, into: &digest) else { throw Failed(description: "openssl dgst failed") }
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    package static let shared: Result<MutualTLSCertificates, any Error> = Result { try make() }
    package static func get() throws -> MutualTLSCertificates { try shared.get() }

    private static func make() throws -> MutualTLSCertificates {
        let dir = NSTemporaryDirectory() + "tessera-mtls-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30"]
        let leaf = ["-addext", "basicConstraints=critical,CA:FALSE"]
        let client = leaf + ["-addext", "extendedKeyUsage=clientAuth"]
        let byCA = ["-CA", "ca.pem", "-CAkey", "ca.key"]
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Tessera mTLS Test CA"])
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "server.key", "-out", "server.pem", "-subj", "/CN=localhost"] + byCA
                + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"] + leaf)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "client.key", "-out", "client.pem", "-subj", "/CN=svc/O=Example"] + byCA
                + ["-addext", "subjectAltName=DNS:svc.example"] + client)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "svc2.key", "-out", "svc2.pem", "-subj", "/O=Example/CN=svc2"] + byCA
                + ["-addext", "subjectAltName=DNS:svc2.example,URI:spiffe://example/svc2"] + client)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "otherca.key", "-out", "otherca.pem", "-subj", "/CN=Other CA"])
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "stranger.key", "-out", "stranger.pem", "-subj", "/CN=svc/O=Example",
                                             "-CA", "otherca.pem", "-CAkey", "otherca.key",
                                             "-addext", "subjectAltName=DNS:svc.example"] + client)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "self.key", "-out", "self.pem", "-subj", "/CN=self-signed"])
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "self2.key", "-out", "self2.pem", "-subj", "/CN=self-signed-2"])
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "utf8.key", "-out", "utf8.pem", "-utf8",
                                             "-subj", "/CN=s\u{E9}rvice/O=Example, Inc."] + byCA + client)
        // A past validity period needs `openssl ca` (OpenSSL 3.0's req has no -not_before).
        try run(dir, ["req", "-new"] + ec + ["-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=svc/O=Example",
                                             "-addext", "subjectAltName=DNS:svc.example"])
        let config = "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
            + "default_md = sha256\npolicy = p\ncopy_extensions = copy\n[p]\ncommonName = supplied\norganizationName = optional\n"
        try config.write(toFile: dir + "/ca.cnf", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/index.txt", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: dir + "/serial", atomically: true, encoding: .utf8)
        try run(dir, ["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-startdate", "20200101000000Z",
                      "-enddate", "20200201000000Z", "-in", "expired.csr", "-out", "expired.pem", "-notext"])
        return MutualTLSCertificates(directory: dir)
    }

    package struct Failed: Error, CustomStringConvertible { package let description: String }

    private static func run(_ directory: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "openssl \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
        }
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
