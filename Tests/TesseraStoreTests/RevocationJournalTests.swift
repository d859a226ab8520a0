import Foundation
import Testing
import TesseraStore

/// Embedded mode's revocation file: durable, group-committed, tolerant of a torn tail.
@Suite struct RevocationJournalTests {
    private static let now: Int64 = 1_700_000_000

    private static func directory() -> String {
        let path = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        return path
    }

    @Test func recordsSurviveAReopen() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (journal, empty) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        #expect(empty.records.isEmpty)
        try journal.append(.revocation(jwtID: "j1", clientID: "demo", expiresAt: Self.now + 60))
        try journal.append(.cut(clientID: "demo", notBefore: Self.now, expiresAt: Self.now + 3600))
        try journal.append(.revocation(jwtID: "old", clientID: "demo", expiresAt: Self.now - 1))
        journal.stop()
        let (again, contents) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        defer { again.stop() }
        #expect(contents.skipped.isEmpty)
        #expect(contents.records.count == 2)
        #expect(contents.records.contains(.revocation(jwtID: "j1", clientID: "demo", expiresAt: Self.now + 60)))
        #expect(contents.records.contains(.cut(clientID: "demo", notBefore: Self.now, expiresAt: Self.now + 3600)))
    }

    /// Used client assertion ids have their own file, read back until their `exp`.
    @Test func usedAssertionsSurviveAReopenInTheirOwnFile() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let digest = String(repeating: "ab", count: 32)
        let (journal, _) = try RevocationJournal.open(directory: dir, file: "assertions.log", clock: { Self.now })
        try journal.append(.usedAssertion(digest: digest, clientID: "svc", expiresAt: Self.now + 60))
        try journal.append(.usedAssertion(digest: "spent", clientID: "svc", expiresAt: Self.now - 1))
        journal.stop()
        #expect(!FileManager.default.fileExists(atPath: dir + "/revocations.log"))
        let (again, contents) = try RevocationJournal.open(directory: dir, file: "assertions.log", clock: { Self.now })
        defer { again.stop() }
        #expect(contents.skipped.isEmpty)
        #expect(contents.records == [.usedAssertion(digest: digest, clientID: "svc", expiresAt: Self.now + 60)])
    }

    /// Ids that expire without being replaced leave the file: it does not grow with every
    /// assertion ever used.
    @Test func expiredRecordsAreCompactedAway() throws {
        final class Clock: @unchecked Sendable {
            // @unchecked: `now` is only touched under `lock`.
            let lock = NSLock()
            var now = RevocationJournalTests.now
            func read() -> Int64 { lock.withLock { now } }
        }
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = Clock()
        let (journal, _) = try RevocationJournal.open(directory: dir, file: "assertions.log", clock: { clock.read() })
        defer { journal.stop() }
        for index in 0..<1100 {
            try journal.append(.usedAssertion(digest: "d\(index)", clientID: "svc", expiresAt: Self.now + 30))
        }
        clock.lock.withLock { clock.now += 120 }
        try journal.append(.usedAssertion(digest: "live", clientID: "svc", expiresAt: Self.now + 600))
        let path = dir + "/assertions.log"
        let compacted = (0..<200).contains { _ in
            let lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? .max
            if lines <= 1 { return true }
            usleep(10_000)
            return false
        }
        #expect(compacted, "the journal kept its expired records")
    }

    @Test func aTornOrCorruptTailIsReportedAndSkipped() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (journal, _) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        try journal.append(.revocation(jwtID: "kept", clientID: "demo", expiresAt: Self.now + 60))
        journal.stop()
        let handle = try #require(FileHandle(forWritingAtPath: dir + "/revocations.log"))
        handle.seekToEndOfFile()
        handle.write(Data("r\tflipped\t1700000060\tdemo\t0123\nr\ttorn\t17000".utf8))
        handle.closeFile()
        let (again, contents) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        #expect(contents.records == [.revocation(jwtID: "kept", clientID: "demo", expiresAt: Self.now + 60)])
        #expect(contents.skipped.count == 2)
        // Appending after a skipped tail still yields readable records.
        try again.append(.revocation(jwtID: "after", clientID: "demo", expiresAt: Self.now + 60))
        again.stop()
        let (third, read) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        third.stop()
        #expect(read.skipped.isEmpty)
        #expect(read.records.count == 2)
    }

    @Test func concurrentAppendsAreAllDurable() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (journal, _) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try? journal.append(.revocation(jwtID: "j\(index)", clientID: "c", expiresAt: Self.now + 60))
                }
            }
        }
        journal.stop()
        let (again, contents) = try RevocationJournal.open(directory: dir, clock: { Self.now })
        again.stop()
        #expect(contents.records.count == 64)
    }
}
