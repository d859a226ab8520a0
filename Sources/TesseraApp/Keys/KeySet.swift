import TesseraConfig
import TesseraJOSE

/// One reading of the signing keys at one moment: the key ring in force (retired keys left out)
/// and when it will next change on its own (a key activating or retiring, or the next scheduled
/// rotation).
package struct KeySet: Sendable {
    package let ring: KeyRing
    /// Unix second at which the ring must be rebuilt even if no key changes.
    package let nextChange: Int64?
    /// `kid`s of the signer and of every verifier: two readings with the same identity serve alike.
    package let identity: [String]
    /// When the signing key started signing (nil for HS256, whose secret has no activation).
    package let signerActivation: Int64?
    /// When the scheduler makes the next key (`keys.rotation.every` after the newest key's
    /// activation); nil without a schedule.
    package let nextRotation: Int64?

    var verifierIDs: Set<String> { Set(ring.verifiers.keys.map(\.value)) }

    /// Reads the keys of `config` (from `storage`, else the key directory) and builds the ring in
    /// force at `now`. For an asymmetric `tokens.algorithm`, a key of its type is made (active at
    /// once) when the newest active key is of another type or there is none -- first start, or the
    /// algorithm just changed -- unless `generate` is false. Keys of other types stay published
    /// until they retire.
    package static func read(
        config: Config, now: Int64, policy: KeyRotationPolicy, generate: Bool = true, storage: (any KeyStorage)? = nil
    ) throws(ServiceError) -> KeySet {
        let file = config.sourceFile ?? "(built-in defaults)"
        let storage = storage ?? DirectoryKeyStorage(path: config.keys.directory)
        let ttl = Int64(config.tokens.ttl.components.seconds)
        let algorithm = jwsAlgorithm(config.tokens.algorithm)
        let keys: [LoadedKey]
        if let type = algorithm.keyType, generate {
            keys = try storage.ensureSigningKey(type: type, now: now)
        } else {
            // HS256: keys already kept stay published and verifiable; none is made.
            keys = try storage.load().map(\.key)
        }
        // Under another algorithm configured secrets keep verifying the HS256 tokens issued before
        // the switch (until they expire); a single secret too short to sign with is ignored.
        let secrets = config.keys.hs256Secrets.map { Array($0.utf8) }
            .filter { algorithm == .HS256 || $0.count >= HS256Key.minimumSecretLength }
        do throws(JOSEError) {
            do throws(JOSEError) {
                return try make(keys: keys, now: now, ttl: ttl, policy: policy, secrets: secrets, algorithm: algorithm)
            } catch {
                // Reading only (token inspect): no key of the configured type signs yet (the servers
                // make it on their next reload), but the keys kept, or the HS256 secrets, still verify.
                guard case .noActiveKey = error, !generate else { throw error }
                if let newest = keys.first(where: { $0.activation <= now }) {
                    return try make(keys: keys, now: now, ttl: ttl, policy: policy, secrets: secrets,
                                    algorithm: newest.keyType.defaultAlgorithm)
                }
                if !secrets.isEmpty { return try make(keys: keys, now: now, ttl: ttl, policy: policy, secrets: secrets, algorithm: .HS256) }
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
        keys: [LoadedKey], now: Int64, ttl: Int64, policy: KeyRotationPolicy, secrets: [[UInt8]], algorithm: JWSAlgorithm
    ) throws(JOSEError) -> KeySet {
        let schedule = KeySchedule(keys: keys, ttl: ttl, policy: policy)
        let ring = try KeyRing.make(keys: schedule.live(keys, now: now), now: now, hs256Secret: secrets.first,
                                    algorithm: algorithm, moreHS256Secrets: Array(secrets.dropFirst()))
        // The signer's algorithm is part of the identity: EdDSA and Ed25519 sign with the same key.
        let identity = [ring.signer.algorithm.rawValue + " " + ring.signer.keyID.value] + ring.verifiers.keys.map(\.value).sorted()
        let signerActivation = algorithm == .HS256 ? nil : keys.first { $0.keyID == ring.signer.keyID }?.activation
        let nextRotation = algorithm == .HS256 ? nil : schedule.nextRotation(every: policy.every)
        var nextChange = schedule.nextChange(after: now)
        if let nextRotation { nextChange = min(nextChange ?? nextRotation, max(nextRotation, now + 1)) }
        return KeySet(ring: ring, nextChange: nextChange, identity: identity, signerActivation: signerActivation,
                      nextRotation: nextRotation)
    }
}
