import TesseraConfig
import TesseraJOSE

/// What operators do to signing keys -- list them, rotate now -- and what the schedule does on
/// its own, in one place the CLI, the admin API and the running service share.
package struct KeyAdministration: Sendable {
    package let storage: any KeyStorage
    package let algorithm: JWSAlgorithm
    /// `tokens.ttl` in seconds: decides when a superseded key retires.
    package let ttl: Int64
    package let policy: KeyRotationPolicy
    /// Told of every key made (scheduled or manual), after it is stored.
    package let report: @Sendable (KeyMade) -> Void

    package init(config: Config, policy: KeyRotationPolicy, storage: (any KeyStorage)? = nil,
                 report: @escaping @Sendable (KeyMade) -> Void = KeyAdministration.log) {
        self.storage = storage ?? DirectoryKeyStorage(path: config.keys.directory)
        self.algorithm = KeySet.jwsAlgorithm(config.tokens.algorithm)
        self.ttl = Int64(config.tokens.ttl.components.seconds)
        self.policy = policy.applying(config.keys)
        self.report = report
    }

    /// The default report: one log line per key made.
    package static let log: @Sendable (KeyMade) -> Void = { made in
        Log.info("signing key made", [("kid", made.keyID), ("algorithm", made.algorithm.rawValue),
                                      ("activation", "\(made.activation)"), ("cause", made.cause.rawValue)])
    }

    /// Every key kept, newest first, as `keys list` shows them at `now`.
    package func list(now: Int64) throws(ServiceError) -> [KeyListing] {
        let keys = try storage.load()
        let schedule = KeySchedule(keys: keys.map(\.key), ttl: ttl, policy: policy)
        let type = algorithm.keyType
        let signer = keys.first { $0.key.activation <= now && $0.key.keyType == type }
        // The newest active key signs only when it is of the configured type (else one is made).
        let newestActive = keys.first { $0.key.activation <= now }
        let signerID = signer.flatMap { $0.key.activation == newestActive?.key.activation ? $0.key.keyID.value : nil }
        return KeyListing.rows(keys, schedule: schedule, signer: signerID, algorithm: algorithm, now: now)
    }

    /// `keys rotate`: a key of `tokens.algorithm` published now, signing `policy.lead` later (at
    /// once when no key of that type signs yet); files of keys already retired are removed.
    package func rotate(now: Int64) throws(ServiceError) -> (made: KeyMade, removed: [String]) {
        guard let type = algorithm.keyType else {
            throw .runtime("tokens.algorithm is HS256, which signs with keys.hs256_secret, not a stored key")
        }
        let existing = try storage.load()
        let hasActive = existing.contains { $0.key.keyType == type && $0.key.activation <= now }
        let made = try make(type: type, activation: hasActive ? now + policy.lead : now, now: now, slot: nil, cause: .manual)
        guard let made else { throw .runtime("the new key was not stored") }
        return (made, removeRetired(existing, now: now))
    }

    /// The schedule's step: when the newest key has signed for `policy.every`, makes the next one
    /// (activating `policy.lead` later). Nil when none is due, or another node made it first.
    package func rotateIfDue(now: Int64) throws(ServiceError) -> KeyMade? {
        guard let type = algorithm.keyType, policy.every > 0 else { return nil }
        let existing = try storage.load()
        let schedule = KeySchedule(keys: existing.map(\.key), ttl: ttl, policy: policy)
        guard let newest = existing.first, let due = schedule.nextRotation(every: policy.every), now >= due else { return nil }
        let made = try make(type: type, activation: now + policy.lead, now: now,
                            slot: "scheduled:\(newest.key.activation)", cause: .scheduled)
        _ = removeRetired(existing, now: now)
        return made
    }

    private func make(type: KeyType, activation: Int64, now: Int64, slot: String?, cause: KeyMade.Cause) throws(ServiceError) -> KeyMade? {
        let key: any DirectoryKey
        do { key = try type.generate() } catch { throw .runtime("cannot generate a \(type.rawValue) key: \(error)") }
        guard let stored = try storage.add(key, activation: activation, created: now, slot: slot) else { return nil }
        let signsAs = type == .ed25519 && algorithm.keyType == .ed25519 ? algorithm : key.algorithm
        let made = KeyMade(keyID: key.keyID.value, algorithm: signsAs, activation: stored, cause: cause)
        report(made)
        return made
    }

    private func removeRetired(_ keys: [StoredKey], now: Int64) -> [String] {
        let schedule = KeySchedule(keys: keys.map(\.key), ttl: ttl, policy: policy)
        return storage.remove(keys.filter { schedule.isRetired($0.key.activation, now: now) })
    }
}
