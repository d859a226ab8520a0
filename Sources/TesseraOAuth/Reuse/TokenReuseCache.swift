import TesseraCore
import TesseraJOSE

/// The truth a reusable token was issued under: a reused token is handed out only while all of it
/// still holds (contract rule 1), checked with three integer compares.
package struct ReuseStamp: Sendable, Equatable {
    /// `Client.version` when it was issued (secret, scopes, audiences, removal and re-adding).
    package var clientVersion: UInt64
    /// `TokenMinting.signerIdentity` of the key that signed it.
    package var signer: UInt64
    /// `RevocationList.generation` (per-client cuts) when it was issued.
    package var cuts: UInt64

    package init(clientVersion: UInt64, signer: UInt64, cuts: UInt64) {
        self.clientVersion = clientVersion
        self.signer = signer
        self.cuts = cuts
    }
}

/// A signed token kept for reuse. A class, immutable: handing a kept token out is one reference
/// counted, not three buffers (the token, its id, its scope) retained and released by each
/// request, and an optional one is a pointer (an `IssuedToken?` struct was destroyed through the
/// runtime's value witnesses, ~140 instructions a warm request, callgrind).
package final class IssuedToken: Sendable, Equatable {
    package let token: [UInt8]
    package let jwtID: String
    package let expiresAt: Int64
    package let scope: String
    package let issuedAt: Int64

    package init(token: [UInt8], jwtID: String, expiresAt: Int64, scope: String, issuedAt: Int64 = 0) {
        self.token = token
        self.jwtID = jwtID
        self.expiresAt = expiresAt
        self.scope = scope
        self.issuedAt = issuedAt
    }

    package static func == (a: IssuedToken, b: IssuedToken) -> Bool {
        a === b || (a.token == b.token && a.jwtID == b.jwtID && a.expiresAt == b.expiresAt && a.scope == b.scope
            && a.issuedAt == b.issuedAt)
    }
}

/// Hands back a still-valid token for the same grant (`tokens.reuse`) while it has at least
/// `minRemainingSeconds` to live and its stamp matches the current truth. Time is unix seconds.
///
/// Entries are placed by the grant's 64-bit digest alone (`Slot`: an integer to hash and compare,
/// nothing to copy), and each holds its full `TokenGrantKey`, compared exactly before anything is
/// handed out: two grants whose digests collide share one place, where the later one replaces
/// the earlier, and neither is ever handed the other's token.
package final class TokenReuseCache: Sendable {
    private struct Entry: Sendable {
        var key: TokenGrantKey
        var token: IssuedToken
        var stamp: ReuseStamp

        func holds(_ other: TokenGrantKey) -> Bool { key == other }
    }

    /// Where a grant's entry lives: its digest.
    private struct Slot: Hashable, Sendable {
        let digest: UInt64

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        /// The digest is keyed and mixed already (`GrantDigest`).
        func _rawHashValue(seed: Int) -> Int { GrantDigest.spread(digest, seed: seed) }
    }

    private enum Found {
        case token(IssuedToken)
        case stale
    }

    private let entries: LRUCache<Slot, Entry>
    package let minRemainingSeconds: Int64

    package init(capacity: Int, minRemainingSeconds: Int64) {
        entries = LRUCache(capacity: max(1, capacity))
        self.minRemainingSeconds = max(0, minRemainingSeconds)
    }

    /// The token for this grant when its stamp is `stamp`; an entry with another stamp is stale
    /// and dropped.
    package func token(for key: TokenGrantKey, stamp: ReuseStamp, now: Int64) -> IssuedToken? {
        let slot = Slot(digest: key.digest)
        // Through optional chaining, in place: only the token handed out is copied.
        let found: Found? = entries.read(slot, now: UInt64(max(0, now))) { entry in
            guard entry?.holds(key) == true else { return nil }
            guard entry?.stamp == stamp, let token = entry?.token else { return .stale }
            return .token(token)
        }
        switch found {
        case .token(let token)?:
            return token
        case .stale?:
            entries.remove(slot) { $0.key == key && $0.stamp != stamp }
            return nil
        case nil:
            return nil
        }
    }

    package func store(_ token: IssuedToken, for key: TokenGrantKey, stamp: ReuseStamp) {
        // Usable while exp - now >= minRemaining, i.e. up to and including now == exp - minRemaining.
        let lastUsable = token.expiresAt - minRemainingSeconds
        guard lastUsable >= 0 else { return }
        entries.set(Slot(digest: key.digest), Entry(key: key, token: token, stamp: stamp), expiresAt: UInt64(lastUsable) + 1)
    }

    /// Stops handing out the token with this `jti`.
    @discardableResult
    package func forget(jwtID: String) -> Bool {
        entries.removeAll { _, entry in entry.token.jwtID.bytesEqual(jwtID) } > 0
    }

    /// Stops handing out any token of this client (secret rotated, client removed).
    @discardableResult
    package func removeAll(clientID: String) -> Int {
        let id = ExactString(clientID)
        return entries.removeAll { _, entry in entry.key.clientID == id }
    }

    package var statistics: LRUStatistics { entries.statistics }
    package var count: Int { entries.count }
}
