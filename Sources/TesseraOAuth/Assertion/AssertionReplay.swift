import TesseraCore
import TesseraJOSE
import TesseraStore

/// Single use of client assertion `jti`s (RFC 7523 §3 item 7), keyed by client id and jti as bytes.
///
/// Every node records the jtis it accepted in memory, until each assertion's `exp`, as a SHA-256 of
/// client id and jti (`UsedAssertionTable`: at most `capacity` live entries, at most
/// `perClientCapacity` of one client, so one client flooding fresh assertions is refused -- 429 --
/// and the others are not). Where the ids are shared and kept:
/// - with Redis (`SET NX PX`) or else PostgreSQL (`tessera_used_assertions`), a jti new to this
///   node is also claimed there, off the I/O thread, so a replay on another node sharing the store
///   fails too; the store decides alone when the memory bounds are reached (the memory is only a
///   shortcut);
/// - in embedded mode, the memory is the truth and each id is appended to `assertions.log` under
///   `state.directory` (`journal`, synced before the 200) and read back at start, so a restart
///   does not make an assertion usable again.
package final class AssertionReplay: Sendable {
    package static let defaultCapacity = 500_000

    private let seen: Locked<UsedAssertionTable>
    package let shared: (any AssertionReplayStore)?
    package let journal: RevocationJournal?

    /// `perClientCapacity` defaults to a quarter of `capacity`. `recorded`: the journal's contents
    /// read at start.
    package init(
        shared: (any AssertionReplayStore)? = nil, journal: RevocationJournal? = nil, recorded: [RevocationJournal.Record] = [],
        capacity: Int = defaultCapacity, perClientCapacity: Int? = nil
    ) {
        self.shared = shared
        self.journal = journal
        var table = UsedAssertionTable(capacity: capacity, perClient: perClientCapacity ?? max(1, capacity / 4))
        for case .usedAssertion(let digest, let clientID, let expiresAt) in recorded {
            if let key = Digest32(journalText: digest) { table.insert(key, clientID: clientID, expiresAt: expiresAt) }
        }
        seen = Locked(table)
    }

    /// The key of one assertion: client id, NUL, jti (ids hold no NUL).
    static func key(clientID: String, jti: String) -> [UInt8] {
        Array(clientID.utf8) + [0] + Array(jti.utf8)
    }

    /// True when the jti is recorded in this node's memory and its assertion is still alive.
    func isUsed(_ key: Digest32, now: Int64) -> Bool {
        seen.withLock { $0.isUsed(key, now: now) }
    }

    /// Records the jti in this node's memory until `expiresAt`, within the bounds.
    func claimLocally(_ key: Digest32, clientID: String, expiresAt: Int64, now: Int64) -> UsedAssertionTable.Claim {
        seen.withLock { $0.claim(key, clientID: clientID, expiresAt: expiresAt, now: now) }
    }

    /// Forgets a local claim that could not be made shared or durable (store down): the client may retry.
    func forget(_ key: Digest32) {
        seen.withLock { $0.remove(key) }
    }

    /// Stops the journal's writer (the service stops).
    package func stop() {
        journal?.stop()
    }

    /// Live entries in memory (for tests).
    package var count: Int { seen.withLock { $0.count } }
}

extension Digest32 {
    /// 64 hex digits, as the journal records a used assertion.
    var journalText: String {
        [w0, w1, w2, w3].map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    init?(journalText text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { return nil }
        var words: [UInt64] = []
        for start in stride(from: 0, to: 64, by: 16) {
            guard let word = UInt64(String(decoding: utf8[start..<start + 16], as: UTF8.self), radix: 16) else { return nil }
            words.append(word)
        }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }
}
