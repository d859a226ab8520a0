import Foundation

/// The one maker of test certificates: a temporary folder (removed when the test process exits)
/// where the `openssl` command makes P-256 keys and certificates, `name.pem` with its key in
/// `name.key`. `TestCertificates` (TLS) and `MutualTLSCertificates` (mTLS client authentication)
/// are two sets made in folders of their own. A missing `openssl` fails the tests that need them
/// (it is part of the OpenSSL the build links anyway).
package struct CertificateFolder: Sendable {
    package let directory: String

    package init(prefix: String) throws {
        directory = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        removeAtExit(directory)
    }

    package func path(_ name: String) -> String { directory + "/" + name }

    /// The DER bytes of a PEM certificate file.
    package func der(_ pemPath: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: pemPath, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { throw Failed(description: "\(pemPath) is not PEM") }
        return [UInt8](data)
    }

    private static let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

    /// `name.pem`, valid for 30 days, and `name.key`: self-signed, or signed by the CA `ca`
    /// (`ca.pem`, `ca.key`). `extensions` are `-addext` values; `utf8` reads `subject` as UTF-8.
    package func certificate(_ name: String, subject: String, signedBy ca: String? = nil,
                             extensions: [String] = [], utf8: Bool = false) throws {
        var arguments = ["req", "-x509"] + Self.newKey + ["-days", "30", "-keyout", "\(name).key", "-out", "\(name).pem", "-subj", subject]
        if utf8 { arguments.append("-utf8") }
        if let ca { arguments += ["-CA", "\(ca).pem", "-CAkey", "\(ca).key"] }
        for value in extensions { arguments += ["-addext", value] }
        try openssl(arguments)
    }

    /// `name.pem`, valid in January 2020 only, and `name.key`: signed by the CA `ca` with
    /// `openssl ca` (OpenSSL 3.0's req has no -not_before), the request's extensions copied.
    package func expiredCertificate(_ name: String, subject: String, signedBy ca: String, extensions: [String] = []) throws {
        var request = ["req", "-new"] + Self.newKey + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject]
        for value in extensions { request += ["-addext", value] }
        try openssl(request)
        let config = "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
            + "default_md = sha256\npolicy = p\ncopy_extensions = copy\n[p]\ncommonName = supplied\norganizationName = optional\n"
        try config.write(toFile: path("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(toFile: path("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(toFile: path("serial"), atomically: true, encoding: .utf8)
        try openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", "\(ca).pem", "-keyfile", "\(ca).key",
                     "-startdate", "20200101000000Z", "-enddate", "20200201000000Z",
                     "-in", "\(name).csr", "-out", "\(name).pem", "-notext"])
    }

    /// `file`: a P-256 private key of no certificate, encrypted with `password` when given.
    package func key(_ file: String, password: String? = nil) throws {
        var arguments = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
        if let password { arguments += ["-aes256", "-pass", "pass:\(password)"] }
        try openssl(arguments + ["-out", file])
    }

    package struct Failed: Error, CustomStringConvertible { package let description: String }

    /// `openssl arguments...` in the folder; throws with its stderr when it fails.
    package func openssl(_ arguments: [String]) throws {
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

/// A set of certificates made in a `CertificateFolder`: its paths and DER bytes.
package protocol CertificateSet: Sendable {
    var folder: CertificateFolder { get }
}

extension CertificateSet {
    package var directory: String { folder.directory }
    package func path(_ name: String) -> String { folder.path(name) }
    package func der(_ pemPath: String) throws -> [UInt8] { try folder.der(pemPath) }
}

/// The fixture folders go when the test process exits.
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
