#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory of signing keys.
///
/// File name convention: `<type>-<activation>.pem` with `<type>` one of `ed25519`, `es256`,
/// `rs256` and `<activation>` the Unix time in seconds (decimal, no sign) from which the key may
/// sign; the file holds an unencrypted PKCS#8 PEM private key of that type. Other `*.pem` names
/// are errors (a misnamed key must not be silently ignored); files not ending in `.pem`
/// (temporary files, README) are ignored.
package enum KeyDirectory {
    package static let prefix = KeyType.ed25519.filePrefix
    package static let suffix = ".pem"

    /// The file name for a key of `type` activating at `activation`.
    package static func fileName(activation: Int64, type: KeyType = .ed25519) -> String {
        "\(type.filePrefix)\(activation)\(suffix)"
    }

    /// The activation time encoded in `name`, nil when `name` does not follow the convention.
    package static func activation(fromFileName name: String) -> Int64? {
        parse(fileName: name)?.activation
    }

    /// The key type and activation time encoded in `name`.
    package static func parse(fileName name: String) -> (type: KeyType, activation: Int64)? {
        guard name.hasSuffix(suffix), let type = KeyType.allCases.first(where: { name.hasPrefix($0.filePrefix) }) else { return nil }
        let digits = name.dropFirst(type.filePrefix.count).dropLast(suffix.count)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let activation = Int64(digits)
        else { return nil }
        return (type, activation)
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
            guard let (type, activation) = parse(fileName: name) else {
                throw .keyFile(path: file, reason: "name does not follow ed25519|es256|rs256-<activation unix seconds>\(suffix)")
            }
            let pem = try readFile(file)
            do {
                keys.append(LoadedKey(activation: activation, privateKey: try type.load(pem: pem), path: file))
            } catch {
                throw .keyFile(path: file, reason: reasonText(error))
            }
        }
        return keys.sorted { $0.activation > $1.activation }
    }

    /// Generates a key of `type` that may sign from `activation`, writes it to `path` as
    /// `<type>-<activation>.pem` with mode 0600 (temporary file, fsync, then a hard link that
    /// fails rather than replace an existing key), creating `path` with mode 0700 if missing.
    package static func generate(path: String, activation: Int64, type: KeyType = .ed25519) throws(JOSEError) -> LoadedKey {
        try store(try type.generate(), path: path, activation: activation)
    }

    /// Writes `key` to `path` as `<type>-<activation>.pem`, as `generate` does.
    package static func store(_ key: any DirectoryKey, path: String, activation: Int64) throws(JOSEError) -> LoadedKey {
        let type = key.keyType
        let pem = try key.pemRepresentation()
        try makeDirectory(path)
        let file = path + "/" + fileName(activation: activation, type: type)
        try writeExclusive(pem, to: file, directory: path)
        return LoadedKey(activation: activation, privateKey: key, path: file)
    }

    /// Loads `path` and makes sure a key of `type` signs at `now`: when the newest active key
    /// (of any type) is not of `type` -- none yet, or `tokens.algorithm` just changed -- a key of
    /// `type` active from `now` is generated. The signer is therefore always the newest active
    /// key, so every older key stopped signing when a newer one activated, and retires on time.
    package static func ensureOne(path: String, now: Int64, type: KeyType = .ed25519) throws(JOSEError) -> [LoadedKey] {
        let keys = try load(path: path, now: now)
        if let newest = keys.first(where: { $0.activation <= now })?.activation,
            keys.contains(where: { $0.activation == newest && $0.keyType == type })
        {
            return keys
        }
        return ([try generate(path: path, activation: now, type: type)] + keys).sorted { $0.activation > $1.activation }
    }

    static func reasonText(_ error: JOSEError) -> String {
        if case let .openSSL(operation, reason) = error { return "\(operation): \(reason)" }
        return error.description
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
