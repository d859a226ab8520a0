import Foundation

/// Certificates for the mTLS client authentication tests, beside `TestCertificates` (its CA, its
/// `client.pem` = `/CN=svc/O=Example` with SAN `DNS:svc.example`, `self.pem`, `expired.pem`):
/// - `svc2.pem`: the same CA, `/O=Example/CN=svc2`, SAN `DNS:svc2.example` and
///   `URI:spiffe://example/svc2`;
/// - `stranger.pem`: `/CN=svc/O=Example` with SAN `DNS:svc.example` like `client.pem`, but signed
///   by another CA (its chain does not verify);
/// - `self2.pem`: another self-signed certificate.
/// Made once per test process with the `openssl` command.
struct MutualTLSCertificates: Sendable {
    let base: TestCertificates

    var directory: String { base.directory }
    func path(_ name: String) -> String { base.path(name) }
    /// `name.pem` and `name.key` for curl's `--cert`/`--key`.
    func pair(_ name: String) -> (certificate: String, key: String) { (path("\(name).pem"), path("\(name).key")) }

    /// base64url SHA-256 of a PEM certificate's DER: its `x5t#S256`.
    func thumbprint(_ name: String) throws -> String {
        let der = try base.der(path("\(name).pem"))
        var digest = [UInt8](repeating: 0, count: 32)
        _ = SHA256Shell.digest(der, into: &digest)
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static let shared: Result<MutualTLSCertificates, any Error> = Result { try make() }
    static func get() throws -> MutualTLSCertificates { try shared.get() }

    private static func make() throws -> MutualTLSCertificates {
        let base = try TestCertificates.get()
        let dir = base.directory
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30"]
        let leaf = ["-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=clientAuth"]
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "svc2.key", "-out", "svc2.pem", "-subj", "/O=Example/CN=svc2",
                                             "-CA", "ca.pem", "-CAkey", "ca.key",
                                             "-addext", "subjectAltName=DNS:svc2.example,URI:spiffe://example/svc2"] + leaf)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "otherca.key", "-out", "otherca.pem", "-subj", "/CN=Other CA"])
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "stranger.key", "-out", "stranger.pem", "-subj", "/CN=svc/O=Example",
                                             "-CA", "otherca.pem", "-CAkey", "otherca.key",
                                             "-addext", "subjectAltName=DNS:svc.example"] + leaf)
        try run(dir, ["req", "-x509"] + ec + ["-keyout", "self2.key", "-out", "self2.pem", "-subj", "/CN=self-signed-2"])
        return MutualTLSCertificates(base: base)
    }

    struct Failed: Error, CustomStringConvertible { let description: String }

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
enum SHA256Shell {
    static func digest(_ bytes: [UInt8], into out: inout [UInt8]) -> Bool {
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
