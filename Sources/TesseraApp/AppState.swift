import Glibc
import TesseraConfig
import TesseraJOSE
import TesseraOAuth

/// Everything built from one configuration: the key ring, the clients, the token endpoint and the
/// documents served as they are. Immutable; a SIGHUP builds a new one and swaps it in.
final class AppState: Sendable {
    let config: Config
    let keyRing: KeyRing
    let tokens: TokenEndpoint
    let metadataJSON: [UInt8]

    init(config: Config, keyRing: KeyRing, tokens: TokenEndpoint) {
        self.config = config
        self.keyRing = keyRing
        self.tokens = tokens
        self.metadataJSON = ServerMetadata.json(issuer: config.issuer)
    }

    /// Builds the state for `config`. `previous` hands over the caches (memoized verifications,
    /// reusable tokens, rate limits) so a reload does not forget them.
    /// `tiers` puts the stored clients (local LRU, Redis, PostgreSQL) behind the static ones.
    static func build(
        config: Config, metrics: Metrics, tiers: StoreTiers? = nil, previous: AppState? = nil
    ) throws(ServiceError) -> AppState {
        let now = Int64(time(nil))
        let file = config.sourceFile ?? "(built-in defaults)"
        let keyRing = try buildKeyRing(config: config, now: now, file: file)
        var clients: [Client] = []
        for (index, entry) in config.clients.enumerated() {
            let hash: SecretHash
            do {
                hash = try SecretHash.parse(entry.secretHash)
            } catch {
                throw .configuration(ConfigError(file: file, keyPath: "clients[\(index)].secret_hash", message: error.description))
            }
            clients.append(Client(id: entry.id, secretHash: hash, scopes: entry.scopes, audiences: entry.audiences,
                                  introspect: entry.introspect))
        }
        let settings = TokenEndpoint.Settings(
            issuer: config.issuer,
            ttlSeconds: Int64(config.tokens.ttl.components.seconds),
            defaultAudience: config.tokens.defaultAudience,
            reuse: config.tokens.reuse,
            reuseMinRemainingSeconds: Int64(config.tokens.reuseMinRemaining.components.seconds),
            cacheCapacity: config.cache.local.capacity,
            limits: RateLimits(perClientRPS: config.limits.perClientRPS, perClientBurst: config.limits.perClientBurst,
                               authFailuresPerMinute: config.limits.authFailuresPerMinute))
        let caches = previous.flatMap { $0.tokens.settings == settings ? $0.tokens.caches : nil }
        let tokens = TokenEndpoint(settings: settings, registry: ClientRegistry(clients, dynamic: tiers?.clients),
                                   minter: JOSETokenMinter(keyRing: keyRing), metrics: metrics, caches: caches)
        return AppState(config: config, keyRing: keyRing, tokens: tokens)
    }

    private static func buildKeyRing(config: Config, now: Int64, file: String) throws(ServiceError) -> KeyRing {
        do {
            switch config.tokens.algorithm {
            case .EdDSA:
                let keys = try KeyDirectory.ensureOne(path: config.keys.directory, now: now)
                return try KeyRing.make(keys: keys, now: now, hs256Secret: nil, algorithm: .EdDSA)
            case .HS256:
                // Ed25519 keys already on disk stay published and verifiable; none is generated.
                let keys = try KeyDirectory.load(path: config.keys.directory, now: now)
                return try KeyRing.make(keys: keys, now: now, hs256Secret: Array(config.keys.hs256Secret.utf8), algorithm: .HS256)
            }
        } catch {
            if case .secretTooShort = error {
                throw .configuration(ConfigError(file: file, keyPath: "keys.hs256_secret", message: error.description))
            }
            throw .runtime("keys.directory \(config.keys.directory): \(error)")
        }
    }
}
