import TesseraCore
import Synchronization

/// The tokens revoked on this node (and, with the Redis tier, on every node): `jti` -> `exp`; and
/// per client a "not before" cut: every token of that client issued at or before it is revoked
/// (`client revoke-tokens`, `client remove`, a client dropped from `clients:`).
///
/// An entry lives exactly as long as the token it revokes -- after `exp` the token is inactive
/// anyway -- so memory is bounded by the revoked tokens still alive, and no entry is ever evicted
/// early (which would bring a revoked token back to life). Time is unix seconds. Outlives reloads:
/// the service owns one list for its whole life and hands it to every rebuilt endpoint.
///
/// `isLoaded` is false until the revocations recorded durably (PostgreSQL, Redis, the state file)
/// have been read: until then introspection answers 503 instead of calling a token active.
package final class RevocationList: Sendable {
    private let entries = ExpiringSet<ExactString>()
    private let cuts = Locked<[ExactString: Int64]>([:])
    /// Bumped by every new cut: a reusable token stamped with an older generation is looked at
    /// again (one integer compare on the warm path instead of a lookup).
    private let cutGeneration = Atomic<UInt64>(0)
    private let loaded: Atomic<Bool>

    /// - Parameter loaded: false when durable revocations must be read before introspection may
    ///   call a token active.
    package init(loaded: Bool = true) {
        self.loaded = Atomic(loaded)
    }

    /// Records that the token with this `jti` is revoked until `expiresAt`. Returns false when it
    /// already was.
    @discardableResult
    package func revoke(jwtID: String, expiresAt: Int64, now: Int64) -> Bool {
        entries.insert(ExactString(jwtID), expiresAt: Self.time(expiresAt), now: Self.time(now))
    }

    /// Applies a revocation made elsewhere (another node, or read back from a durable store).
    @discardableResult
    package func apply(_ revocation: Revocation, now: Int64) -> Bool {
        revoke(jwtID: revocation.jwtID, expiresAt: revocation.expiresAt, now: now)
    }

    package func isRevoked(jwtID: String, now: Int64) -> Bool {
        entries.contains(ExactString(jwtID), now: Self.time(now))
    }

    /// Every token of `clientID` issued at or before `notBefore` (unix seconds) is revoked. A cut
    /// only ever moves later.
    package func cut(clientID: String, notBefore: Int64) {
        let moved: Bool = cuts.withLock { cuts in
            let key = ExactString(clientID)
            if let existing = cuts[key], existing >= notBefore { return false }
            cuts[key] = notBefore
            return true
        }
        if moved { cutGeneration.add(1, ordering: .releasing) }
    }

    /// Cuts the client now: at `now`, or one second past its current cut when that is not earlier
    /// (tokens issued after that cut carry `iat` one past it, and this cut must cover them).
    /// Returns the cut made, to be recorded and announced.
    @discardableResult
    package func cutNow(clientID: String, now: Int64) -> Int64 {
        let made: Int64 = cuts.withLock { cuts in
            let key = ExactString(clientID)
            let made = cuts[key].map { $0 >= now ? $0 + 1 : now } ?? now
            cuts[key] = made
            return made
        }
        cutGeneration.add(1, ordering: .releasing)
        return made
    }

    /// The client's cut, if any.
    package func notBefore(clientID: String) -> Int64? {
        cuts.withLock { $0[ExactString(clientID)] }
    }

    /// True when a token of this client issued at `issuedAt` is revoked by a cut.
    package func isCut(clientID: String, issuedAt: Int64) -> Bool {
        guard cutGeneration.load(ordering: .acquiring) != 0 else { return false }
        guard let notBefore = notBefore(clientID: clientID) else { return false }
        return issuedAt <= notBefore
    }

    /// Changes whenever a cut is added.
    @inline(__always)
    package var generation: UInt64 { cutGeneration.load(ordering: .acquiring) }

    /// False until the durable revocations are read (see the type's comment).
    package var isLoaded: Bool { loaded.load(ordering: .acquiring) }

    package func setLoaded(_ value: Bool) { loaded.store(value, ordering: .releasing) }

    /// Drops the entries of expired tokens.
    @discardableResult
    package func removeExpired(now: Int64) -> Int { entries.removeExpired(now: Self.time(now)) }

    /// Entries held (expired ones not yet swept included).
    package var count: Int { entries.count }

    private static func time(_ unix: Int64) -> UInt64 { UInt64(max(0, unix)) }
}
