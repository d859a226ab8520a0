import Foundation
import Testing
@testable import TesseraApp
import TesseraJOSE
import TesseraStore
import TesseraTesting

/// The audit trail in its file: records newest first, each filter, the cursor, the retention
/// purge, and secret material only as "(changed)".
@Suite struct AuditTrailTests {
    @Test func theFileKeepsRecordsNewestFirstFilteredAndForTheRetentionOnly() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-audit")
        defer { directory.remove() }
        let trail = AuditTrail(store: AuditFile(directory: directory.url.path), retention: .seconds(3600), logs: false)
        let start = AuditTime.nowMillis()
        var change = ClientChange(action: "client.secret.rotate", target: "svc")
        change.fields = [.init(name: "secret", before: "(set)", after: "(changed)"), .init(name: "scopes", before: "a", after: "a b")]
        #expect(trail.record(change, actor: "cli:ops") == nil)
        try trail.record(actor: "admin", source: "127.0.0.1", requestID: "r1", action: .adminDenied, target: "/admin/keys", result: .denied)
        try trail.record(actor: "admin", source: "127.0.0.1", requestID: "r2", action: .clientDelete, target: "svc", result: .ok)

        let all = try trail.query(AuditFilter())
        #expect(all.map(\.action) == ["client.delete", "admin.denied", "client.secret.rotate"])
        #expect(all.last?.changes == #"{"secret":"(changed)","scopes":["a","a b"]}"#)
        #expect(try trail.query(AuditFilter(target: "svc")).count == 2)
        #expect(try trail.query(AuditFilter(actor: "cli:ops")).map(\.target) == ["svc"])
        #expect(try trail.query(AuditFilter(action: "admin.denied")).map(\.requestID) == ["r1"])
        let page = try trail.query(AuditFilter(limit: 1))
        #expect(try trail.query(AuditFilter(before: page[0].id, limit: 1)).map(\.action) == ["admin.denied"])

        // A record past the retention goes; the others stay, in order.
        let end = AuditTime.nowMillis()
        trail.purge(now: start + 3_600_000 - 1)
        #expect(try trail.query(AuditFilter()).count == 3)
        trail.purge(now: end + 3_600_000 + 1)
        #expect(try trail.query(AuditFilter()).isEmpty)
    }

    /// A `tessera client add` / `remove` / `rotate-secret` is recorded under its own action, not
    /// as an update: the names `ClientOperations` gives its changes are the contract's.
    @Test func eachClientOperationIsRecordedUnderItsOwnAction() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-audit")
        defer { directory.remove() }
        let trail = AuditTrail(store: AuditFile(directory: directory.url.path), retention: .seconds(3600), logs: false)
        let actions = ["client.create", "client.update", "client.secret.rotate", "client.disable", "client.enable",
                       "client.revoke_tokens", "client.delete"]
        for action in actions { #expect(trail.record(ClientChange(action: action, target: "svc"), actor: "cli:ops") == nil) }
        #expect(try trail.query(AuditFilter()).map(\.action) == actions.reversed())
    }

    /// `since` / `until` take RFC 3339 with a numeric offset too (§5.6), not only `Z`.
    @Test func auditTimesTakeAnyRFC3339Zone() {
        let utc = AuditTime.parse("2026-12-07T07:00:00Z")
        #expect(utc == 1_796_626_800_000)
        #expect(AuditTime.parse("2026-12-07T09:00:00+02:00") == utc && AuditTime.parse("2026-12-07T06:30:00-00:30") == utc)
        #expect(AuditTime.parse("2026-12-07T08:00:00.250+01:00") == utc.map { $0 + 250 })
        for bad in ["2026-12-07T07:00:00", "2026-12-07T07:0+02:00", "2026-12-07T07:00:00+24:00", "2026-12-07T07:00:00 02:00", "+02:00"] {
            #expect(AuditTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aTornLastLineCostsOnlyItself() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-audit")
        defer { directory.remove() }
        let trail = AuditTrail(store: AuditFile(directory: directory.url.path), retention: .seconds(3600), logs: false)
        try trail.record(actor: "a", source: "", requestID: "", action: .keyRotate, target: "k1", result: .ok)
        let handle = try FileHandle(forWritingTo: directory.file("audit.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"id":"2","ts":"#.utf8))
        handle.closeFile()
        try trail.record(actor: "a", source: "", requestID: "", action: .keyRotate, target: "k2", result: .ok)
        #expect(try trail.query(AuditFilter()).map(\.target) == ["k2", "k1"])
    }

    @Test func changesMaskSecretMaterial() {
        let before: [(String, JSONValue)] = [("client_secret", .string("s1")), ("scope", .string("a"))]
        let after: [(String, JSONValue)] = [("client_secret", .string("s2")), ("scope", .string("b"))]
        var out: [UInt8] = []
        AuditChanges.between(before, after).appendJSON(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"client_secret":"(changed)","scope":["a","b"]}"#)
    }
}
