import TesseraCore
import TesseraStore
import Testing

struct OverlappingSecretRecordTests {
    @Test func rotationKeepsThePreviousSecretsUntilTheOverlapEndsAndDropsTheOldestOfSix() {
        let now: Int64 = 1_000_000
        var secrets = [StoredSecret(hash: "$s0")]
        for n in 1...5 {
            secrets = StoredSecret.rotated(secrets, new: StoredSecret(hash: "$s\(n)"), until: now + 3600, now: now)
        }
        #expect(secrets.map(\.hash) == ["$s5", "$s4", "$s3", "$s2", "$s1"], "a sixth secret drops the oldest")
        #expect(secrets.first?.expiresAt == nil && secrets.dropFirst().allSatisfy { $0.expiresAt == now + 3600 })
        // A later, longer overlap never extends an earlier one; an expired secret goes.
        let later = StoredSecret.rotated(
            [StoredSecret(hash: "$a", expiresAt: now + 10), StoredSecret(hash: "$b", expiresAt: now - 1)],
            new: StoredSecret(hash: "$n"), until: now + 3600, now: now)
        #expect(later == [StoredSecret(hash: "$n"), StoredSecret(hash: "$a", expiresAt: now + 10)])
        // No overlap (or 0 s): the previous ones stop at once.
        #expect(StoredSecret.rotated(secrets, new: StoredSecret(hash: "$n"), until: nil, now: now) == [StoredSecret(hash: "$n")])
        #expect(StoredSecret.rotated(secrets, new: StoredSecret(hash: "$n"), until: now, now: now) == [StoredSecret(hash: "$n")])
    }

    @Test func theRedisFormatCarriesEverySecretAndThePolicyExactly() {
        var record = ClientRecord(id: "svc", secretHash: "$new", scopes: ["read"], audiences: ["api"], introspect: true, version: 7)
        record.secrets.append(StoredSecret(hash: "$old\u{1F}x", expiresAt: 1_796_722_200))
        record.secrets.append(StoredSecret(hash: "$older"))
        record.policy = ClientPolicy(tokenTTLSeconds: 90, rate: ClientRate(rps: 3, burst: 1), disabled: true)
        record.dpopBoundAccessTokens = true
        record.secretMethod = .post
        let bytes = RedisClientCache.encode(.found(record))
        #expect(RedisClientCache.decode(bytes, id: "svc") == .found(record))
        let plain = ClientRecord(id: "svc", secretHash: "$only", scopes: [], audiences: ["api"], introspect: false)
        #expect(RedisClientCache.decode(RedisClientCache.encode(.found(plain)), id: "svc") == .found(plain))
        // The formats before (several secrets; the secret method) read as a miss (then
        // overwritten), never as a client with its previous secrets, policy or method lost.
        for earlier in ["4|", "5|"] {
            #expect(RedisClientCache.decode(Array(earlier.utf8) + bytes.dropFirst(2), id: "svc") == nil)
        }
    }
}
