import Foundation
import Testing

@testable import TesseraCore

@Suite struct LRUCacheTests {
    @Test func leastRecentlyUsedEntryIsEvictedFirst() {
        let cache = LRUCache<String, Int>(capacity: 3, shards: 1)
        cache.set("a", 1, expiresAt: .max)
        cache.set("b", 2, expiresAt: .max)
        cache.set("c", 3, expiresAt: .max)
        #expect(cache.get("a", now: 0) == 1)  // a is now the most recent; b the least
        cache.set("d", 4, expiresAt: .max)
        #expect(cache.get("b", now: 0) == nil)
        #expect(cache.keysByRecency() == ["d", "a", "c"])
        #expect(cache.count == 3)
        #expect(cache.statistics.evictions == 1)
    }

    @Test func replacingAKeyUpdatesValueAndRecencyWithoutGrowing() {
        let cache = LRUCache<String, Int>(capacity: 2, shards: 1)
        cache.set("a", 1, expiresAt: .max)
        cache.set("b", 2, expiresAt: .max)
        cache.set("a", 10, expiresAt: .max)
        cache.set("c", 3, expiresAt: .max)
        #expect(cache.get("a", now: 0) == 10)
        #expect(cache.get("b", now: 0) == nil)
        #expect(cache.count == 2)
    }

    @Test func expiredEntryIsAMissAndIsDropped() {
        let cache = LRUCache<String, Int>(capacity: 4, shards: 1)
        cache.set("a", 1, expiresAt: 100)
        #expect(cache.get("a", now: 99) == 1)
        #expect(cache.get("a", now: 100) == nil)
        #expect(cache.count == 0)
        #expect(cache.statistics == LRUStatistics(hits: 1, misses: 1, evictions: 0))
    }

    @Test func removeAndRemoveAllWhereForgetEntries() {
        let cache = LRUCache<String, Int>(capacity: 1024)
        for i in 0..<20 { cache.set("k\(i)", i, expiresAt: .max) }
        #expect(cache.remove("k3") == 3)
        #expect(cache.remove("k3") == nil)
        #expect(cache.removeAll { _, value in value % 2 == 0 } == 10)
        #expect(cache.count == 9)
        #expect(cache.get("k4", now: 0) == nil)
        #expect(cache.get("k5", now: 0) == 5)
    }

    @Test func freedSlotsAreReusedAfterRemoval() {
        let cache = LRUCache<Int, Int>(capacity: 2, shards: 1)
        for round in 0..<100 {
            cache.set(round, round, expiresAt: .max)
            cache.remove(round)
        }
        cache.set(1, 1, expiresAt: .max)
        cache.set(2, 2, expiresAt: .max)
        #expect(cache.keysByRecency() == [2, 1])
        #expect(cache.statistics.evictions == 0)
    }

    @Test func updateCreatesRewritesAndRemovesAtomically() {
        let cache = LRUCache<String, Int>(capacity: 4, shards: 1)
        cache.update("n", now: 0) { entry in entry = LRUEntry(value: 1, expiresAt: 10) }
        cache.update("n", now: 5) { entry in entry?.value += 1 }
        #expect(cache.get("n", now: 5) == 2)
        // Expired entries read as nil inside update.
        let seen = cache.update("n", now: 10) { entry -> Int? in entry?.value }
        #expect(seen == nil)
        cache.update("n", now: 0) { entry in entry = nil }
        #expect(cache.count == 0)
    }

    @Test func totalSizeStaysWithinCapacityAcrossShards() {
        let cache = LRUCache<Int, Int>(capacity: 64, shards: 16)
        for i in 0..<10_000 { cache.set(i, i, expiresAt: .max) }
        #expect(cache.count <= 64)
        #expect(cache.count > 32)
    }

    @Test func concurrentReadersAndWritersKeepTheCacheConsistent() async {
        let cache = LRUCache<Int, Int>(capacity: 512)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in 0..<20_000 {
                        let key = (i &* 31 &+ worker) % 1024
                        if i % 3 == 0 {
                            cache.set(key, key * 2, expiresAt: .max)
                        } else if i % 7 == 0 {
                            cache.remove(key)
                        } else if let value = cache.get(key, now: 0) {
                            precondition(value == key * 2)
                        }
                    }
                }
            }
        }
        #expect(cache.count <= 512)
        let stats = cache.statistics
        #expect(stats.hits + stats.misses > 0)
        for key in cache.keysByRecency() { #expect(cache.get(key, now: 0) == key * 2) }
    }
}
