import Foundation

/// Certificates made with the `openssl` command for the TLS tests, once per test process, in a
/// temporary folder: a CA, two server certificates it signed (the second for reload tests), a
/// client certificate it signed, a self-signed client certificate, an expired CA-signed client
/// certificate, an encrypted key and a key that matches nothing. A missing `openssl` fails the
/// tests that need these (it is part of the OpenSSL the build links anyway).
package struct TestCertificates: Sendable {
    package let directory: String

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

    package func path(_ name: String) -> String { directory + "/" + name }

    /// The DER bytes of a PEM certificate file.
    package func der(_ pemPath: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: pemPath, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw CommandFailed(description: "\(pemPath) is not PEM") }
        return [UInt8](data)
    }

    package static let shared: Result<TestCertificates, any Error> = Result { try make() }

    package static func get() throws -> TestCertificates { try shared.get() }

    private static func make() throws -> TestCertificates {
        // Unique per copy of this file: the end-to-end target compiles it too, into the same process.
        let directory = NSTemporaryDirectory() + "tessera-tls-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        removeAtExit(directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        let leaf = ["-addext", "basicConstraints=critical,CA:FALSE"]
        try openssl(directory, ["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Tessera Test CA"])
        for (name, cn) in [("server", "localhost"), ("server2", "localhost")] {
            try openssl(directory, ["req", "-x509"] + ec + ["-keyout", "\(name).key", "-out", "\(name).pem", "-days", "30",
                                    "-subj", "/CN=\(cn)/O=\(name)", "-CA", "ca.pem", "-CAkey", "ca.key",
                                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"] + leaf)
        }
        try openssl(directory, ["req", "-x509"] + ec + ["-keyout", "client.key", "-out", "client.pem", "-days", "30",
                                "-subj", "/CN=svc/O=Example", "-CA", "ca.pem", "-CAkey", "ca.key",
                                "-addext", "subjectAltName=DNS:svc.example", "-addext", "extendedKeyUsage=clientAuth"] + leaf)
        try openssl(directory, ["req", "-x509"] + ec + ["-keyout", "self.key", "-out", "self.pem", "-days", "30", "-subj", "/CN=self-signed"])
        try openssl(directory, ["req", "-new"] + ec + ["-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=expired"])
        let caConfig = "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n"
        try caConfig.write(toFile: directory + "/ca.cnf", atomically: true, encoding: .utf8)
        try "".write(toFile: directory + "/index.txt", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: directory + "/serial", atomically: true, encoding: .utf8)
        try openssl(directory, ["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                                "-startdate", "20200101000000Z", "-enddate", "20200201000000Z",
                                "-in", "expired.csr", "-out", "expired.pem", "-notext"])
        try openssl(directory, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                                "-aes256", "-pass", "pass:secret", "-out", "encrypted.key"])
        try openssl(directory, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "unrelated.key"])
        return TestCertificates(directory: directory)
    }

    package struct CommandFailed: Error, CustomStringConvertible {
        package let description: String
    }

    private static func openssl(_ directory: String, _ arguments: [String]) throws {
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
            throw CommandFailed(description: "openssl \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// The fixture folder goes when the test process exits.
private nonisolated(unsafe) var fixtureFolders: [String] = []
private let fixtureFoldersLock = NSLock()

private func removeAtExit(_ directory: String) {
    fixtureFoldersLock.lock()
    defer { fixtureFoldersLock.unlock() }
    if fixtureFolders.isEmpty {
        atexit {
            for folder in fixtureFolders { try? FileManager.default.removeItem(atPath: folder) }
        }
    }
    fixtureFolders.append(directory)
}
