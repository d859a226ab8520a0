extension TLSConfig {
    static let keys = ["certificate", "private_key", "client_ca", "min_version"]

    /// Decodes `server.tls`; file paths stay as written (the loader resolves them).
    init(_ section: ConfigSection) throws(ConfigError) {
        let certificate = try Self.requiredPath(section, "certificate")
        let privateKey = try Self.requiredPath(section, "private_key")
        var clientCA: String?
        if section.has("client_ca") {
            let path = try section.string("client_ca", default: "")
            guard !path.isEmpty else { throw section.error("client_ca", "must not be empty (omit it to not ask for client certificates)") }
            clientCA = path
        }
        var minVersion = MinimumVersion.tls12
        if section.has("min_version") {
            let text = try section.string("min_version", default: "")
            guard let version = MinimumVersion(rawValue: text) else {
                throw section.error("min_version", "expected \"1.2\" or \"1.3\", got \"\(text)\"")
            }
            minVersion = version
        }
        self.init(certificate: certificate, privateKey: privateKey, clientCA: clientCA, minVersion: minVersion)
    }

    private static func requiredPath(_ section: ConfigSection, _ key: String) throws(ConfigError) -> String {
        guard section.has(key) else { throw section.error(key, "is required when server.tls is set") }
        let path = try section.string(key, default: "")
        guard !path.isEmpty else { throw section.error(key, "must not be empty") }
        return path
    }

    /// Every path made absolute against `folder` (the config file's).
    func resolved(against folder: String) -> TLSConfig {
        var copy = self
        copy.certificate = ConfigLoader.resolve(certificate, against: folder)
        copy.privateKey = ConfigLoader.resolve(privateKey, against: folder)
        copy.clientCA = clientCA.map { ConfigLoader.resolve($0, against: folder) }
        return copy
    }
}
