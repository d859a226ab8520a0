import Glibc
import TesseraConfig

/// The permission rules for private keys (contract, "Key files"): the key directory, a signing key
/// file (`*.pem`) or the TLS private key (`server.tls.private_key`) writable by group or others lets
/// someone else plant a key, so it is refused (exit 2 at start, reload refused) naming the path and
/// the `chmod` that fixes it; a key file readable by group or others is loaded with a warning
/// naming it. Checked before the keys are read, at start and at every reload; a key directory that
/// does not exist yet is created by Tessera itself (mode 0700).
enum KeyFilePermissions {
    static func check(config: Config) throws(ServiceError) {
        let file = config.sourceFile ?? "(built-in defaults)"
        if let tls = config.server.tls {
            // A TLS key that is missing is reported by the TLS context, with OpenSSL's reason.
            try checkKeyFile(tls.privateKey, file: file, keyPath: "server.tls.private_key")
        }
        let directory = config.keys.directory
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        if info.st_mode & 0o022 != 0 {
            throw .configuration(ConfigError(
                file: file, keyPath: "keys.directory",
                message: "\(directory) is writable by group or others (mode \(octal(info.st_mode))); run: chmod go-w \(directory)"))
        }
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".pem") { names.append(name) }
        }
        for name in names.sorted() {
            try checkKeyFile(directory.hasSuffix("/") ? directory + name : directory + "/" + name, file: file, keyPath: "keys.directory")
        }
    }

    /// One private key file: refused when group or others may write it, a warning when they may
    /// read it. A file that cannot be stat'ed is left to whatever reads it.
    private static func checkKeyFile(_ path: String, file: String, keyPath: String) throws(ServiceError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & 0o022 != 0 {
            throw .configuration(ConfigError(
                file: file, keyPath: keyPath,
                message: "key file \(path) is writable by group or others (mode \(octal(info.st_mode))); run: chmod go-w \(path)"))
        }
        if info.st_mode & 0o044 != 0 {
            Log.warning("key file is readable by group or others; run: chmod 600 \(path)",
                        [("path", path), ("mode", octal(info.st_mode))])
        }
    }

    private static func octal(_ mode: mode_t) -> String {
        "0" + String(mode & 0o777, radix: 8)
    }
}
