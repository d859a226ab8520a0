import Synchronization
import Testing
import TesseraStore

@testable import TesseraOAuth

/// `SharedTokenReuse` over an in-memory `ReuseStore`: what it writes, when a node adopts another
/// node's token, and what a store failure gives (the Redis commands themselves are tested against
/// Redis in the store integration suites).
@Suite struct SharedTokenReuseStoreTests {
    final class MemoryStore: ReuseStore {
        let values = Mutex<[[UInt8]: (value: [UInt8], milliseconds: Int64)]>([:])
        let failing = Atomic<Bool>(false)

        func value(for key: [UInt8]) throws(StoreError) -> [UInt8]? {
            if failing.load(ordering: .relaxed) { throw StoreError.unavailable(tier: .redis, reason: "down") }
            return values.withLock { $0[key]?.value }
        }

        func storeIfAbsent(_ value: [UInt8], for key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
            if failing.load(ordering: .relaxed) { throw StoreError.unavailable(tier: .redis, reason: "down") }
            return values.withLock { values in
                guard values[key] == nil else { return false }
                values[key] = (value, milliseconds)
                return true
            }
        }

        func remove(_ key: [UInt8]) throws(StoreError) { _ = values.withLock { $0.removeValue(forKey: key) } }

        func removeAll(matching pattern: [UInt8]) throws(StoreError) { values.withLock { $0.removeAll() } }
    }

    let grant = TokenGrantKey(clientID: "svc", scope: "read", audience: "api")
    let stamp = ReuseStamp(clientVersion: 1, signer: 2, cuts: 0)

    func token(_ id: String, expiresAt: Int64) -> IssuedToken {
        IssuedToken(token: Array("tok-\(id)".utf8), jwtID: id, expiresAt: expiresAt, scope: "read", issuedAt: expiresAt - 3600)
    }

    @Test func theFirstClaimWinsAndLaterNodesAdoptIt() throws {
        let store = MemoryStore()
        let first = SharedTokenReuse(store: store, minRemainingSeconds: 300)
        let second = SharedTokenReuse(store: store, minRemainingSeconds: 300)
        let now: Int64 = 1_000_000
        let mine = try first.claim(token("a", expiresAt: now + 3600), for: grant, stamp: stamp, now: now)
        #expect(mine.jwtID == "a")
        let theirs = try second.claim(token("b", expiresAt: now + 3600), for: grant, stamp: stamp, now: now)
        #expect(theirs.jwtID == "a")
        #expect(try second.find(grant, stamp: stamp, now: now)?.token == Array("tok-a".utf8))
    }

    @Test func aStoredTokenLivesUntilItsLastUsableMoment() throws {
        let store = MemoryStore()
        let reuse = SharedTokenReuse(store: store, minRemainingSeconds: 300)
        let now: Int64 = 1_000_000
        _ = try reuse.claim(token("a", expiresAt: now + 3600), for: grant, stamp: stamp, now: now)
        let stored = store.values.withLock { $0[SharedTokenReuse.key(grant, stamp: stamp)] }
        #expect(stored.map { $0.milliseconds } == Int64((3600 - 300) * 1000))
        #expect(try reuse.find(grant, stamp: stamp, now: now + 3600 - 299) == nil)  // too little left to hand out
    }

    @Test func anotherStampNeverMeetsTheEntry() throws {
        let store = MemoryStore()
        let reuse = SharedTokenReuse(store: store, minRemainingSeconds: 0)
        _ = try reuse.claim(token("a", expiresAt: 5000), for: grant, stamp: stamp, now: 1000)
        #expect(try reuse.find(grant, stamp: ReuseStamp(clientVersion: 9, signer: 2, cuts: 0), now: 1000) == nil)
        #expect(try reuse.find(grant, stamp: ReuseStamp(clientVersion: 1, signer: 3, cuts: 0), now: 1000) == nil)
        #expect(try reuse.find(grant, stamp: stamp, now: 1000)?.jwtID == "a")
    }

    @Test func aStoreThatIsDownIsAnErrorNotAMiss() {
        let store = MemoryStore()
        store.failing.store(true, ordering: .relaxed)
        let reuse = SharedTokenReuse(store: store, minRemainingSeconds: 0)
        #expect(throws: StoreError.self) { try reuse.find(grant, stamp: stamp, now: 1000) }
    }
}
