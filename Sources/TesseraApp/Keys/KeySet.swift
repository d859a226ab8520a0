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

    /// Reads the key directory of `config` and builds the ring in force at `now`. For an asymmetric
    /// `tokens.algorithm`, a key of its type is generated (active at once) when the newest active
    /// key is of another type or there is none -- first start, or the algorithm just changed --
    /// unless `generate` is false. Keys of other types stay published until they retire.
    package static func read(
        config: Config, now: Int64, policy: KeyRotationPolicy, generate: Bool = true
    ) throws(ServiceError) -> KeySet {
        let file = config.sourceFile ?? "(built-in defaults)"
        do throws(JOSEError) {
            let ttl = Int64(config.tokens.ttl.components.seconds)
            let algorithm = jwsAlgorithm(config.tokens.algorithm)
            let directory = config.keys.directory
            let keys: [LoadedKey]
            if let type = algorithm.keyType, generate {
                keys = try KeyDirectory.ensureOne(path: directory, now: now, type: type)
            } else {
                // HS256: keys already on disk stay published and verifiable; none is generated.
                keys = try KeyDirectory.load(path: directory, now: now)
            }
            // Under another algorithm a configured secret keeps verifying the HS256 tokens issued
            // before the switch (until they expire); a secret too short to sign with is ignored.
            let secretBytes = Array(config.keys.hs256Secret.utf8)
            let secret = algorithm == .HS256 || secretBytes.count >= HS256Key.minimumSecretLength ? secretBytes : nil
            do throws(JOSEError) {
                return try make(keys: keys, now: now, ttl: ttl, policy: policy, secret: secret, algorithm: algorithm)
            } catch {
                // Reading only (token inspect): no key of the configured type signs yet (the servers
                // generate it on their next reload), but the keys on disk, or the HS256 secret, still verify.
                guard case .noActiveKey = error, !generate else { throw error }
                if let newest = keys.first(where: { $0.activation <= now }) {
                    return try make(keys: keys, now: now, ttl: ttl, policy: policy, secret: secret,
                                    algorithm: newest.keyType.defaultAlgorithm)
                }
                if secret != nil { return try make(keys: keys, now: now, ttl: ttl, policy: policy, secret: secret, algorithm: .HS256) }
                // Keys that all activate later are what the error says; no key at all is not.
                guard keys.isEmpty else { throw error }
            }
        } catch {
            if case .secretTooShort = error {
                throw .configuration(ConfigError(file: file, keyPath: "keys.hs256_secret", message: error.description))
            }
            throw .runtime("keys.directory \(config.keys.directory): \(error)")
        }
        throw .runtime("no keys configured: keys.directory \(config.keys.directory) holds no key file and keys.hs256_secret is not set")
    }

    /// The JWS algorithm `tokens.algorithm` names.
    package static func jwsAlgorithm(_ algorithm: TokenAlgorithm) -> JWSAlgorithm {
        switch algorithm {
        case .EdDSA: .EdDSA
        case .Ed25519: .Ed25519
        case .ES256: .ES256
        case .RS256: .RS256
        case .HS256: .HS256
        }
    }

    static func make(
        keys: [LoadedKey], now: Int64, ttl: Int64, policy: KeyRotationPolicy, secret: [UInt8]?, algorithm: JWSAlgorithm
    ) throws(JOSEError) -> KeySet {
        let schedule = KeySchedule(keys: keys, ttl: ttl, policy: policy)
        let ring = try KeyRing.make(keys: schedule.live(keys, now: now), now: now, hs256Secret: secret, algorithm: algorithm)
        // The signer's algorithm is part of the identity: EdDSA and Ed25519 sign with the same key.
        let identity = [ring.signer.algorithm.rawValue + " " + ring.signer.keyID.value] + ring.verifiers.keys.map(\.value).sorted()
        return KeySet(ring: ring, nextChange: schedule.nextChange(after: now), identity: identity)
    }
}
