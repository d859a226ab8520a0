import Foundation
import TesseraCore
import Yams

extension Config {
    static let topLevelKeys = [
        "issuer", "server", "tokens", "keys", "cache", "database", "limits", "logging", "tracing", "clients", "state", "status_list", "admin",
        "dpop",
    ]

    /// Builds a validated config from a composed document (nil for an empty file). Absent
    /// keys take the built-in defaults; `keys.directory` is left as written.
    init(document: Node?, reader: ConfigReader) throws(ConfigError) {
        let defaults = Config.defaults
        guard let root = try reader.section(document, at: "", keys: Self.topLevelKeys) else {
            self = defaults
            return
        }
        let issuer = try root.string("issuer", default: defaults.issuer)
        guard Self.isHTTPURL(issuer) else {
            throw root.error("issuer", "must be an http:// or https:// URL without query or fragment, like https://auth.example.com")
        }
        let server = try ServerConfig(root.section("server", keys: ServerConfig.keys))
        let tokens = try TokensConfig(root.section("tokens", keys: TokensConfig.keys))
        let keys = try KeysConfig(
            root.section("keys", keys: KeysConfig.keys), algorithm: tokens.algorithm, reader: reader
        )
        let cache = try CacheConfig(root.section("cache", keys: CacheConfig.keys))
        var database: DatabaseConfig?
        if let section = try root.section("database", keys: DatabaseConfig.keys) {
            database = try DatabaseConfig(section)
        }
        if database == nil, !keys.encryptionKeys.isEmpty {
            throw reader.error("keys.encryption_key", "keeps keys in PostgreSQL and needs a database section")
        }
        let limits = try RateLimits(root.section("limits", keys: RateLimits.keys))
        let logging = try LoggingConfig(root.section("logging", keys: LoggingConfig.keys))
        let tracing = try root.section("tracing", keys: TracingConfig.keys).map { section throws(ConfigError) in
            try TracingConfig(section)
        }
        var clients: [StaticClientConfig] = []
        var firstPathOfID: [[UInt8]: String] = [:]
        for item in try root.list("clients") {
            let section = try reader.section(item.node, at: item.path, keys: StaticClientConfig.keys)
                ?? ConfigSection(reader: reader, path: item.path, values: [:])
            let client = try StaticClientConfig(section, defaultAudience: tokens.defaultAudience, maxTTL: tokens.maxTTL)
            // Ids are bytes: two spellings Unicode calls equivalent are two clients.
            if let first = firstPathOfID[Array(client.id.utf8)] {
                throw section.error("id", "duplicate client id \"\(client.id)\" (also \(first).id)")
            }
            firstPathOfID[Array(client.id.utf8)] = item.path
            clients.append(client)
        }
        self.init(
            issuer: issuer, server: server, tokens: tokens, keys: keys, cache: cache,
            database: database, limits: limits, logging: logging, tracing: tracing,
            issuerIsExplicit: root.has("issuer"), clients: clients
        )
        self.state = try StateConfig(root.section("state", keys: StateConfig.keys))
        self.dpop = try DPoPConfig(root.section("dpop", keys: DPoPConfig.keys))
        if root.has("status_list") {
            let section = try root.section("status_list", keys: StatusListConfig.keys)
                ?? ConfigSection(reader: reader, path: "status_list", values: [:])
            self.statusList = try StatusListConfig(section, algorithm: tokens.algorithm)
        }
        self.admin = try root.section("admin", keys: AdminConfig.keys).map { section throws(ConfigError) in try AdminConfig(section, server: server.listen) }
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return url.query == nil && url.fragment == nil
    }
}
