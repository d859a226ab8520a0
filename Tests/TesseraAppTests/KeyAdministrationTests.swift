import Foundation
import Testing
import TesseraConfig
import TesseraJOSE
import TesseraTesting

@testable import TesseraApp

/// Keys kept in memory with the database's rule: one key per rotation slot.
private final class MemoryKeys: KeyStorage, @unchecked Sendable {
    // @unchecked: `keys` and `slots` are only touched under `lock`.
    private let lock = NSLock()
    private var keys: [StoredKey] = []
    private var slots: Set<String> = []

    func load() throws(ServiceError) -> [StoredKey] {
        lock.withLock { keys.sorted { $0.key.activation > $1.key.activation } }
    }

    func add(_ key: any DirectoryKey, activation: Int64, created: Int64, slot: String?) throws(ServiceError) -> Int64? {
        lock.withLock {
            if let slot, !slots.insert(slot).inserted { return nil }
            keys.append(StoredKey(key: LoadedKey(activation: activation, privateKey: key), created: created))
            return activation
        }
    }

    func remove(_ gone: [StoredKey]) -> [String] {
        lock.withLock {
            let ids = Set(gone.map(\.key.keyID.value))
            keys.removeAll { ids.contains($0.key.keyID.value) }
            return Array(ids)
        }
    }
}

/// What `KeyAdministration` does for the schedule, `keys rotate` and `keys list`.
@Suite struct KeyAdministrationTests {
    static func config(every: String = "100s") throws -> Config {
        try ConfigLoader.parse(yaml: """
            tokens:
              ttl: 50s
            keys:
              rotation: {every: \(every), publish_ahead: 10s, retain: 5s}
            """, file: "c.yaml", environment: [:])
    }

    @Test func theScheduleMakesOneKeyPerRotationAndReportsIt() throws {
        let storage = MemoryKeys()
        let made = MadeKeys()
        let administration = KeyAdministration(config: try Self.config(), policy: KeyRotationPolicy(), storage: storage,
                                               report: { made.append($0) })
        let first = try storage.ensureSigningKey(type: .ed25519, now: 1000)
        #expect(first.count == 1 && first[0].activation == 1000)
        #expect(try administration.rotateIfDue(now: 1099) == nil, "signed for 99 s of 100")

        let scheduled = try #require(try administration.rotateIfDue(now: 1100))
        #expect(scheduled.activation == 1110 && scheduled.cause == .scheduled && scheduled.algorithm == .EdDSA)
        #expect(made.all == [scheduled])
        #expect(try administration.rotateIfDue(now: 1105) == nil, "the newest key has not signed yet")
        // A second node arriving at the same due moment loses the slot and makes nothing.
        let other = KeyAdministration(config: try Self.config(), policy: KeyRotationPolicy(), storage: storage, report: { made.append($0) })
        #expect(try storage.load().count == 2)
        #expect(try other.rotateIfDue(now: 1109) == nil)

        let rows = try administration.list(now: 1105)
        #expect(rows.map(\.state) == [.published, .signing])
        #expect(rows[1].stopsSigning == 1110 && rows[1].unpublished == 1110 + 50 + 5)
        #expect(rows[0].stopsSigning == nil && rows[0].unpublished == nil && rows[0].created == 1100 && rows[0].activates == 1110)
        #expect(try administration.list(now: 1110).map(\.state) == [.signing, .retired])
        // Retired keys go when the next rotation runs after they left the JWKS.
        _ = try #require(try administration.rotateIfDue(now: 1210))
        #expect(try storage.load().map(\.key.activation) == [1220, 1110])
    }

    @Test func twoNodesRacingTheSameRotationMakeExactlyOneKey() throws {
        let storage = MemoryKeys()
        _ = try storage.ensureSigningKey(type: .ed25519, now: 1000)
        let nodes = try (0..<8).map { _ in KeyAdministration(config: try Self.config(), policy: KeyRotationPolicy(), storage: storage) }
        let made = MadeKeys()
        DispatchQueue.concurrentPerform(iterations: nodes.count) { index in
            if let key = try? nodes[index].rotateIfDue(now: 1100) { made.append(key) }
        }
        #expect(made.all.count == 1)
        #expect(try storage.load().count == 2)
    }

    @Test func manualRotationSignsAfterTheLeadAndIsReportedAsManual() throws {
        let storage = MemoryKeys()
        let administration = KeyAdministration(config: try Self.config(every: "0"), policy: KeyRotationPolicy(), storage: storage)
        let firstKey = try administration.rotate(now: 500).made
        #expect(firstKey.activation == 500, "no key signs yet: active at once")
        let second = try administration.rotate(now: 600).made
        #expect(second.activation == 610 && second.cause == .manual)
        #expect(try administration.rotateIfDue(now: 10_000) == nil, "every: 0 is no schedule")
    }
}

private final class MadeKeys: @unchecked Sendable {
    // @unchecked: `keys` is only touched under `lock`.
    private let lock = NSLock()
    private var keys: [KeyMade] = []
    func append(_ key: KeyMade) { lock.withLock { keys.append(key) } }
    var all: [KeyMade] { lock.withLock { keys } }
}
