import TesseraCore
import TesseraJOSE

/// Active introspection answers by SHA-256 of the token, each kept until the token's `exp` (unix
/// seconds), so the cache can never call an expired token active. Revocation removes the entry;
/// on top of that every hit is checked against the `RevocationList`, which also covers
/// revocations that arrive from other nodes and a revocation racing a first verification.
package final class IntrospectionCache: Sendable {
    private let entries: LRUCache<Digest32, IntrospectionRecord>

    package init(capacity: Int) {
        entries = LRUCache(capacity: max(1, capacity))
    }

    func record(for digest: Digest32, now: Int64) -> IntrospectionRecord? {
        entries.get(digest, now: UInt64(max(0, now)))
    }

    func store(_ record: IntrospectionRecord, for digest: Digest32) {
        entries.set(digest, record, expiresAt: UInt64(max(0, record.expiresAt)))
    }

    func remove(_ digest: Digest32) {
        entries.remove(digest)
    }

    package var capacity: Int { entries.capacity }
    package var count: Int { entries.count }
    package var statistics: LRUStatistics { entries.statistics }
}
