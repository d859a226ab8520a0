import Glibc
import TesseraConfig
import TesseraJOSE
import TesseraOAuth
import TesseraStore

/// Everything built from one configuration and one reading of the key directory: the key ring,
/// the clients, the OAuth endpoints and the documents served as they are. Immutable; a SIGHUP or a
/// key change builds a new one and swaps it in.
final class AppState: Sendable {
    let config: Config
    let keys: KeySet
    let tokens: TokenEndpoint
    let introspection: IntrospectionEndpoint
    let revocation: RevocationEndpoint
    let metadataJSON: [UInt8]
    /// `status_list:` (the service's one, handed from state to state); nil without it.
    let statusLists: StatusLists?
    /// The `Cache-Control` value of the JWKS response.
    let jwksCacheControl: String

    var keyRing: KeyRing { keys.ring }

    private init(config: Config, keys: KeySet, tokens: TokenEndpoint, introspection: IntrospectionEndpoint,
                 revocation: RevocationEndpoint, policy: KeyRotationPolicy, statusLists: StatusLists? = nil) {
        self.statusLists = statusLists
        self.config = config
        self.keys = keys
        self.tokens = tokens
        self.introspection = introspection
        self.revocation = revocation
        self.metadataJSON = ServerMetadata.json(issuer: config.issuer, statusLists: statusLists != nil)
        self.jwksCacheControl = "public, max-age=\(policy.jwksMaxAge)"
    }

    /// Builds the state for `config`. `previous` hands over the caches (memoized verifications,
    /// reusable tokens, rate limits, introspection answers) where they still hold; `revocations`
    /// belongs to the service and outlives every state. `keys` is a key set already read (by the
    /// key watcher), else the directory is read now. `tiers` puts the stored clients (local LRU,
    /// Redis, PostgreSQL) behind the static ones and announces revocations to other nodes.
    static func build(
        config: Config, metrics: Metrics, revocations: RevocationList, policy: KeyRotationPolicy,
        tiers: StoreTiers? = nil, previous: AppState? = nil, keys preread: KeySet? = nil,
        recorder: (any RevocationRecording)? = nil, storage: (any KeyStorage)? = nil, statusLists: StatusLists? = nil
    ) throws(ServiceError) -> AppState {
        let policy = policy.applying(config.keys)
        let statusLists = statusLists ?? previous?.statusLists
        let now = Int64(time(nil))
        let file = config.sourceFile ?? "(built-in defaults)"
        try KeyFilePermissions.check(config: config)
        let keys: KeySet
        if let preread {
            keys = preread
        } else {
            keys = try KeySet.read(config: config, now: now, policy: policy, storage: storage)
        }
        var clients: [Client] = []
        for (index, entry) in config.clients.enumerated() {
            clients.append(try client(entry, index: index, file: file, config: config))
        }
        let settings = TokenEndpoint.Settings(
            issuer: config.issuer,
            ttlSeconds: Int64(config.tokens.ttl.components.seconds),
            defaultAudience: config.tokens.defaultAudience,
            reuse: config.tokens.reuse,
            reuseMinRemainingSeconds: Int64(config.tokens.reuseMinRemaining.components.seconds),
            cacheCapacity: config.cache.local.capacity,
            limits: config.limits)
        // Used jtis outlive a reload: a reload must not make an assertion usable again.
        let replay: AssertionReplay
        if let kept = previous?.tokens.authenticator.assertions.replay {
            replay = kept
        } else {
            replay = try UsedAssertions.replay(config: config, tiers: tiers)
        }
        let caches = previous.flatMap { $0.tokens.settings == settings ? $0.tokens.caches : nil }
        let tokens = TokenEndpoint(settings: settings, registry: ClientRegistry(clients, dynamic: tiers?.clients),
                                   minter: JOSETokenMinter(keyRing: keys.ring), metrics: metrics, caches: caches,
                                   revocations: revocations,
                                   sharedReuse: tiers?.redis.map {
                                       SharedTokenReuse(pool: $0, minRemainingSeconds: settings.reuseMinRemainingSeconds)
                                   },
                                   assertionReplay: replay,
                                   dpop: DPoPSettings(
                                       nonce: config.dpop.nonce, maxAgeSeconds: Int64(config.dpop.maxAge.components.seconds),
                                       nonceSecret: SignerSecret.derive(from: keys.ring.signer.signer, label: "tessera dpop nonce")),
                                   statusList: statusLists)
        statusLists?.use(signer: keys.ring.signer.signer, issuer: config.issuer)
        let introspection = IntrospectionEndpoint(
            authenticator: tokens.authenticator, keyRing: keys.ring, issuer: config.issuer,
            cache: introspectionCache(previous: previous, issuer: config.issuer, keys: keys, capacity: settings.cacheCapacity),
            revocations: revocations, metrics: metrics)
        let revocation = RevocationEndpoint(
            authenticator: tokens.authenticator, introspection: introspection, reuse: tokens.caches.reuse,
            revocations: revocations, publisher: tiers?.revocationPublisher, recorder: recorder,
            sharedReuse: tokens.sharedReuse, signerIdentity: tokens.minter.signerIdentity, metrics: metrics,
            statusMarker: statusLists)
        return AppState(config: config, keys: keys, tokens: tokens, introspection: introspection, revocation: revocation,
                        policy: policy, statusLists: statusLists)
    }

    /// Remembered answers stay valid while the issuer is the same and every key that verified them
    /// still verifies; otherwise introspection starts from an empty cache.
    private static func introspectionCache(previous: AppState?, issuer: String, keys: KeySet, capacity: Int) -> IntrospectionCache {
        if let previous, previous.config.issuer == issuer, previous.introspection.cache.capacity == capacity,
            previous.keys.verifierIDs.isSubset(of: keys.verifierIDs)
        {
            return previous.introspection.cache
        }
        return IntrospectionCache(capacity: capacity)
    }
}
