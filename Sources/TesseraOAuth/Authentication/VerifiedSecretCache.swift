import Synchronization
import TesseraCore
import TesseraJOSE

/// Remembers that a client's secret was verified, so a slow hash (PBKDF2) runs once per client and
/// secret rather than once per request.
///
/// What is kept per client is the 128-bit SipHash-2-4 tag of `clientID || 0x00 || secret` -- never
/// the secret -- under a 128-bit key drawn at start-up and never stored, together with the digest
/// of the stored hash it was checked against. A later request with the same secret recomputes the
/// tag (about 200 instructions; HMAC-SHA256 here cost 4,900 per request) and compares in constant
/// time; a secret hash that changed (rotation, reload) no longer matches the remembered digest, so
/// the memo no longer counts.
///
/// The LRU is the authority and outlives reloads (a reloaded client object with the same hash
/// keeps its verification). Each `Client` object also holds a copy of its memo (`SecretMemo`),
/// read without a lock or a hash lookup on the hot path; the copy is filled from the LRU, expires
/// with it, and every copy is void once `forget` bumps the epoch.
package final class VerifiedSecretCache: Sendable {
    private struct Memo: Sendable {
        var storedHash: Digest32
        var mac: Digest16
        /// The LRU entry's own expiry, for the copies on client objects: never past the expiry
        /// of the secret it verified, so no copy outlives that secret.
        var expiresAt: UInt64
    }

    private let processKey: SipHashKey
    private let entries: LRUCache<ExactString, Memo>
    private let clock: MonotonicClock
    private let lifetime: UInt64
    /// Bumped by `forget`: client objects' copies from an earlier epoch no longer count. Starts at
    /// a random value, so a copy left on a client object by another cache (another process key)
    /// is never taken for one of this cache's.
    private let epoch = Atomic<UInt64>(UInt64.random(in: 1...(UInt64.max / 2)))

    /// - Parameters:
    ///   - capacity: clients remembered at most.
    ///   - ttlSeconds: how long one verification is trusted before the slow hash runs again.
    ///   - clock: `.coarse` by default: a memo's expiry (minutes, or a secret's own, kept a second
    ///     short of it) needs no finer time than a tick, and the token path reads it every request.
    package init(capacity: Int, ttlSeconds: Int64, clock: MonotonicClock = .coarse) {
        processKey = SipHashKey.random()
        entries = LRUCache(capacity: max(1, capacity))
        self.clock = clock
        lifetime = UInt64(max(1, ttlSeconds)) * 1_000_000_000
    }

    /// True when this exact secret was verified for this client against one of its secret hashes.
    package func isVerified(_ client: Client, secret: [UInt8]) -> Bool {
        verifiedIndex(client, secret: secret) != nil
    }

    /// Which of the client's secrets this exact secret was verified against (0: the newest), nil
    /// when none is remembered.
    package func verifiedIndex(_ client: Client, secret: [UInt8]) -> Int? {
        let now = clock.nanoseconds()
        let currentEpoch = epoch.load(ordering: .acquiring)
        let mac = self.mac(clientID: client.id, secret: secret)
        // The object's own copy first: the client's hash cannot have changed under it. Anything
        // but a match goes on to the LRU, the authority.
        if let copy = client.secretMemo.read(), copy.epoch == currentEpoch, now < copy.expiresAt,
            copy.mac.constantTimeEquals(mac), copy.index < client.secrets.count
        {
            return Int(copy.index)
        }
        guard let memo = entries.get(ExactString(client.id), now: now) else { return nil }
        // Every comparison runs: no early exit that would time the first one.
        var index: Int? = nil
        for (position, candidate) in client.secrets.enumerated()
        where memo.storedHash.constantTimeEquals(Digest32(candidate.hash.digest)) && index == nil {
            index = position
        }
        let sameSecret = memo.mac.constantTimeEquals(mac)
        guard let index else { return nil }
        client.secretMemo.write(
            SecretMemo.Value(mac: memo.mac, expiresAt: memo.expiresAt, epoch: currentEpoch, index: UInt64(index)))
        return sameSecret ? index : nil
    }

    /// Records a successful verification against the client's secret `index` (call only after
    /// `SecretHash.verify` returned true). The memo ends when that secret does, at the latest.
    /// `now`: the request's unix seconds, for a secret that expires.
    package func remember(_ client: Client, secret: [UInt8], index: Int = 0, now wall: Int64) {
        let mac = mac(clientID: client.id, secret: secret)
        let now = clock.nanoseconds()
        var expiresAt = now &+ lifetime
        let verified = client.secrets[index]
        if verified.expiresAt != nil {
            // Whole seconds left, less the part of this one already gone (at most one): the memo
            // ends no later than the secret, possibly a second before it.
            let left = UInt64(max(0, (verified.expiresAt ?? 0) - wall - 1)) &* 1_000_000_000
            expiresAt = min(expiresAt, now &+ left)
        }
        let memo = Memo(storedHash: Digest32(verified.hash.digest), mac: mac, expiresAt: expiresAt)
        entries.set(ExactString(client.id), memo, expiresAt: expiresAt)
        client.secretMemo.write(
            SecretMemo.Value(mac: mac, expiresAt: expiresAt, epoch: epoch.load(ordering: .acquiring), index: UInt64(index)))
    }

    /// Forgets the client's verification; the copies on client objects are all voided (they are
    /// filled again from the LRU, so other clients cost a lookup, not a slow hash).
    package func forget(clientID: String) {
        entries.remove(ExactString(clientID))
        epoch.add(1, ordering: .acquiringAndReleasing)
    }

    package var statistics: LRUStatistics { entries.statistics }

    /// The tag of `clientID || 0x00 || secret`, hashed from where the two are: no copy of the
    /// secret is made (none to wipe afterwards).
    private func mac(clientID: String, secret: [UInt8]) -> Digest16 {
        secret.withUnsafeBytes { secret in
            let tag = clientID.utf8.withContiguousStorageIfAvailable { id in
                processKey.mac(UnsafeRawBufferPointer(id), joinedTo: secret)
            }
            return tag ?? Array(clientID.utf8).withUnsafeBytes { processKey.mac($0, joinedTo: secret) }
        }
    }
}
