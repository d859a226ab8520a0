import Foundation
import Testing
import TesseraConfig
import TesseraJOSE
import TesseraOAuth
import TesseraStore
import TesseraTesting

@testable import TesseraApp

/// The token path takes status indexes without waiting for the store: the block that follows is
/// reserved in the background while the current one is half free, and the token that finds the
/// current block used up moves on to it. A spare never outlives a cut, and indexes stay unique
/// while many threads take them across block changes.
@Suite struct StatusListSpareTests {
    struct Fixture {
        let folder: TemporaryDirectory
        let revocations = RevocationList()
        let lists: StatusLists
        let client = Client(
            id: "svc", secretHash: SecretHash.makeFast(secret: Array("s3cret-s3cret-s3cret".utf8)), scopes: ["read"],
            audiences: ["api"], introspect: false)

        init(size: Int? = nil) throws {
            folder = try TemporaryDirectory(prefix: "tessera-status-spare")
            var config = StatusListConfig(ttl: .seconds(60))
            if let size { config.size = size }
            lists = StatusLists(
                config: config, issuer: "http://127.0.0.1:1", tokenTTL: .seconds(3600),
                store: try FileStatusLog(directory: folder.url.path, now: Int64(time(nil))), revocations: revocations)
        }

        /// What the spare-block thread does when it wakes.
        func reserveSpares(now: Int64) throws {
            for requested in lists.spareRequests.take(timeout: .zero) { try lists.prefetch(for: requested, now: now) }
        }
    }

    static func key(_ reference: StatusReference) -> String { "\(reference.uri)#\(reference.index)" }

    @Test func theTokenPathMovesOnToTheSpareWithoutARefill() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let now = Int64(time(nil))
        #expect(fixture.lists.take(for: fixture.client, now: now) == nil, "no block before the first refill")
        var taken = [Self.key(try fixture.lists.refill(for: fixture.client, now: now))]
        for _ in 1..<Int(StatusLists.smallestBlock) { taken.append(Self.key(try #require(fixture.lists.take(for: fixture.client, now: now)))) }
        try fixture.reserveSpares(now: now)
        for _ in 0..<100 {
            let reference = fixture.lists.take(for: fixture.client, now: now)
            try #require(reference != nil, "the first block is used up and the spare was not taken")
            taken.append(Self.key(reference!))
        }
        #expect(Set(taken).count == taken.count, "an index handed out twice")
    }

    @Test func aSpareReservedBeforeACutIsNotUsedAfterIt() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        let now = Int64(time(nil))
        _ = try fixture.lists.refill(for: fixture.client, now: now)
        for _ in 0..<Int(StatusLists.smallestBlock) / 2 + 1 { _ = try #require(fixture.lists.take(for: fixture.client, now: now)) }
        try fixture.reserveSpares(now: now)
        #expect(fixture.client.statusSlot.spare != nil)
        fixture.revocations.cut(clientID: fixture.client.id, notBefore: now)
        #expect(fixture.lists.take(for: fixture.client, now: now) == nil, "a block taken before the cut served a token after it")
        _ = try fixture.lists.refill(for: fixture.client, now: now)
        let block = try #require(fixture.client.statusSlot.block)
        #expect(block.generation == fixture.revocations.generation)
    }

    @Test func threadsTakingAcrossBlockChangesNeverShareAnIndex() throws {
        let fixture = try Fixture()
        defer { fixture.folder.remove() }
        fixture.lists.start()
        defer { fixture.lists.stop() }
        let now = Int64(time(nil))
        let perThread = 3_000
        let answers = try concurrently(8) { _ -> [String] in
            var keys: [String] = []
            keys.reserveCapacity(perThread)
            while keys.count < perThread {
                if let reference = fixture.lists.take(for: fixture.client, now: now) {
                    keys.append(Self.key(reference))
                } else {
                    keys.append(Self.key(try fixture.lists.refill(for: fixture.client, now: now)))  // what a deferred request does
                }
            }
            return keys
        }
        let all = answers.flatMap { $0 }
        #expect(Set(all).count == all.count, "\(all.count - Set(all).count) indexes handed out twice")
    }

    /// A request that waited for a refill gets its index from the refill itself: in lists of 8,
    /// the client's other requests (taking lock-free on the I/O threads) use each new block up
    /// at once, and a request that took its index only after the refill found none left (503
    /// "no status list index could be reserved" with nothing down).
    @Test func aRefillGivesTheWaitingRequestAnIndexWhileOthersUseTheBlockUp() throws {
        let fixture = try Fixture(size: 8)
        defer { fixture.folder.remove() }
        let now = Int64(time(nil))
        let answers = try concurrently(8) { _ -> [String] in
            var keys: [String] = []
            for _ in 0..<12 {
                if let reference = fixture.lists.take(for: fixture.client, now: now) {
                    keys.append(Self.key(reference))
                } else {
                    keys.append(Self.key(try fixture.lists.refill(for: fixture.client, now: now)))
                }
            }
            return keys
        }
        let all = answers.flatMap { $0 }
        #expect(all.count == 96)
        #expect(Set(all).count == all.count, "\(all.count - Set(all).count) indexes handed out twice")
    }
}
