import Glibc
import TesseraJOSE

/// `tessera keys rotate`: adds a key of the configured type that activates `policy.lead` seconds
/// from now (published at once, signing only once every cached JWKS has had time to learn it), and
/// deletes the files of keys already retired -- they verify nothing any more, since every token
/// they signed expired.
package enum KeyRotation {
    package struct Outcome: Sendable {
        package let keyID: String
        package let activation: Int64
        package let path: String
        /// Files of retired keys that were deleted.
        package let removed: [String]
    }

    /// - Parameters:
    ///   - ttl: `tokens.ttl` in seconds, which decides when a superseded key retires.
    ///   - type: the key type of `tokens.algorithm`.
    /// A directory without an active key of `type` gets one active at once: nothing can have cached
    /// a key set expecting it, and the running servers would otherwise generate one themselves.
    package static func rotate(
        directory: String, ttl: Int64, now: Int64, policy: KeyRotationPolicy, type: KeyType = .ed25519
    ) throws(JOSEError) -> Outcome {
        let existing = try KeyDirectory.load(path: directory, now: now)
        let hasActive = existing.contains { $0.keyType == type && $0.activation <= now }
        var activation = hasActive ? now + policy.lead : now
        // One key per second at most: a second rotation within the same second takes the next one.
        while KeyType.allCases.contains(where: { access(directory + "/" + KeyDirectory.fileName(activation: activation, type: $0), F_OK) == 0 }) {
            activation += 1
        }
        let key = try KeyDirectory.generate(path: directory, activation: activation, type: type)

        let schedule = KeySchedule(keys: existing + [key], ttl: ttl, policy: policy)
        var removed: [String] = []
        for old in existing where schedule.isRetired(old.activation, now: now) {
            guard let path = old.path else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return Outcome(keyID: key.keyID.value, activation: activation, path: key.path ?? "", removed: removed)
    }
}
