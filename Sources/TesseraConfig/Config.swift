import TesseraCore

/// The whole of `config.yaml` as plain values, after defaults, `${ENV}` expansion, path
/// resolution and validation. Field names mirror the file's keys in camelCase.
///
/// `Config.defaults` is what Tessera runs with when no config file exists (embedded mode):
/// exactly the values of the contract's example, without Redis, PostgreSQL or static clients.
package struct Config: Sendable, Equatable {
    /// The `iss` claim and the base of the metadata URLs; an http(s) URL.
    package var issuer: String
    package var server: ServerConfig
    package var tokens: TokensConfig
    package var keys: KeysConfig
    package var cache: CacheConfig
    /// Absent when the file has no `database:` section.
    package var database: DatabaseConfig?
    package var limits: RateLimits
    package var logging: LoggingConfig
    /// Absent when the file has no `tracing:` section (no spans are exported).
    package var tracing: TracingConfig?
    /// Whether the file names `issuer` (otherwise `--listen` moves the default issuer with it).
    package var issuerIsExplicit: Bool
    /// `state:` (embedded mode's revocation file).
    package var state: StateConfig = StateConfig()
    /// `dpop:` (DPoP proof checks; the defaults when the section is absent).
    package var dpop: DPoPConfig = DPoPConfig()
    /// `status_list:`; absent: tokens carry no `status` claim.
    package var statusList: StatusListConfig?
    /// Absent when the file has no `admin:` section (no admin listener).
    package var admin: AdminConfig?
    package var clients: [StaticClientConfig]
    /// The config file this was loaded from, as named by the caller; nil for built-in defaults.
    package var sourceFile: String?

    package init(
        issuer: String = "http://127.0.0.1:8080",
        server: ServerConfig = ServerConfig(),
        tokens: TokensConfig = TokensConfig(),
        keys: KeysConfig = KeysConfig(),
        cache: CacheConfig = CacheConfig(),
        database: DatabaseConfig? = nil,
        limits: RateLimits = RateLimits(),
        logging: LoggingConfig = LoggingConfig(),
        tracing: TracingConfig? = nil,
        issuerIsExplicit: Bool = false,
        clients: [StaticClientConfig] = [],
        sourceFile: String? = nil
    ) {
        self.issuer = issuer
        self.server = server
        self.tokens = tokens
        self.keys = keys
        self.cache = cache
        self.database = database
        self.limits = limits
        self.logging = logging
        self.tracing = tracing
        self.issuerIsExplicit = issuerIsExplicit
        self.clients = clients
        self.sourceFile = sourceFile
    }

    /// Built-in defaults. `keys.directory` is still the relative `./keys` here; the loader
    /// resolves it against the current directory.
    package static let defaults = Config()
}
