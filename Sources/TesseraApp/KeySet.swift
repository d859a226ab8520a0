import TesseraConfig
import TesseraJOSE

/// One reading of the key directory at one moment: the key ring in force (retired keys left out)
/// and when it will next change on its own (a key activating or retiring).
package struct KeySet: Sendable {
    package let ring: KeyRing
    /// Unix second at which the ring must be rebuilt even if no file changes.
    package let nextChange: Int64?
    /// `kid`s of the signer and of every verifier: two readings with the same identity serve alike.
    package let identity: [String]

    var verifierIDs: Set<String> { Set(ring.verifiers.keys.map(\.value)) }

    /// Reads the key directory of `config` and builds the ring in force at `now`. In EdDSA mode a
    /// key is generated when the directory holds none (first start) unless `generate` is false.
    package static func read(
        config: Config, now: Int64, policy: KeyRotationPolicy, generate: Bool = true
    ) throws(ServiceError) -> KeySet {
        let file = config.sourceFile ?? "(built-in defaults)"
        do {
            let ttl = Int64(config.tokens.ttl.components.seconds)
            switch config.tokens.algorithm {
            case .EdDSA:
                let keys = generate
                    ? try KeyDirectory.ensureOne(path: config.keys.directory, now: now)
                    : try KeyDirectory.load(path: config.keys.directory, now: now)
                return try make(keys: keys, now: now, ttl: ttl, policy: policy, secret: nil, algorithm: .EdDSA)
            case .HS256:
                // Ed25519 keys already on disk stay published and verifiable; none is generated.
                let keys = try KeyDirectory.load(path: config.keys.directory, now: now)
                return try make(keys: keys, now: now, ttl: ttl, policy: policy,
                                secret: Array(config.keys.hs256Secret.utf8), algorithm: .HS256)
            }
        } catch {
            if case .secretTooShort = error {
                throw .configuration(ConfigError(file: file, keyPath: "keys.hs256_secret", message: error.description))
            }
            throw .runtime("keys.directory \(config.keys.directory): \(error)")
        }
    }

    static func make(
        keys: [LoadedKey], now: Int64, ttl: Int64, policy: KeyRotationPolicy, secret: [UInt8]?, algorithm: JWSAlgorithm
    ) throws(JOSEError) -> KeySet {
        let schedule = KeySchedule(keys: keys, ttl: ttl, policy: policy)
        let ring = try KeyRing.make(keys: schedule.live(keys, now: now), now: now, hs256Secret: secret, algorithm: algorithm)
        let identity = [ring.signer.keyID.value] + ring.verifiers.keys.map(\.value).sorted()
        return KeySet(ring: ring, nextChange: schedule.nextChange(after: now), identity: identity)
    }
}
