#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory of Ed25519 signing keys.
///
/// File name convention: `ed25519-<activation>.pem`, where `<activation>` is the Unix time in
/// seconds (decimal, no sign) from which the key may sign; the file holds an unencrypted
/// PKCS#8 PEM private key. Other `*.pem` names are errors (a misnamed key must not be
/// silently ignored); files not ending in `.pem` (temporary files, README) are ignored.
package enum KeyDirectory {
    package static let prefix = "ed25519-"
    package static let suffix = ".pem"

    /// The file name for a key activating at `activation`.
    package static func fileName(activation: Int64) -> String {
        "\(prefix)\(activation)\(suffix)"
    }

    /// The activation time encoded in `name`, nil when `name` does not follow the convention.
    package static func activation(fromFileName name: String) -> Int64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(digits)
    }

    /// Loads every key in `path`, newest activation first. A missing directory yields [].
    /// `now` is accepted for symmetry with selection; loading itself does not filter by time.
    package static func load(path: String, now: Int64) throws(JOSEError) -> [LoadedKey] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .keyFile(path: path, reason: systemError())
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasSuffix(suffix) { names.append(name) }
        }
        var keys: [LoadedKey] = []
        for name in names.sorted() {
            let file = path + "/" + name
            guard let activation = activation(fromFileName: name) else {
                throw .keyFile(path: file, reason: "name does not follow \(prefix)<activation unix seconds>\(suffix)")
            }
            let pem = try readFile(file)
            do {
                keys.append(LoadedKey(activation: activation, privateKey: try Ed25519PrivateKey(pem: pem), path: file))
            } catch {
                throw .keyFile(path: file, reason: reasonText(error))
            }
        }
        return keys.sorted { $0.activation > $1.activation }
    }

    /// Generates a key that may sign from `activation`, writes it to `path` as
    /// `ed25519-<activation>.pem` with mode 0600 (temporary file, fsync, then a hard link that
    /// fails rather than replace an existing key), creating `path` with mode 0700 if missing.
    package static func generate(path: String, activation: Int64) throws(JOSEError) -> LoadedKey {
        let key = try Ed25519PrivateKey.generate()
        let pem = try key.pemRepresentation()
        try makeDirectory(path)
        let file = path + "/" + fileName(activation: activation)
        try writeExclusive(pem, to: file, directory: path)
        return LoadedKey(activation: activation, privateKey: key, path: file)
    }

    /// Loads `path`; when it holds no key, generates one active from `now`.
    package static func ensureOne(path: String, now: Int64) throws(JOSEError) -> [LoadedKey] {
        let keys = try load(path: path, now: now)
        if !keys.isEmpty { return keys }
        return [try generate(path: path, activation: now)]
    }

    static func reasonText(_ error: JOSEError) -> String {
        if case let .openSSL(operation, reason) = error { return "\(operation): \(reason)" }
        return error.description
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
