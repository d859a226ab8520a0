import Foundation
import Testing
import TesseraTesting

/// An index is never handed to two tokens while either may be live: across nodes sharing a
/// store, across a restart of an embedded node (its blocks recorded under `state.directory`), and
/// across the lists that follow a full one.
@Suite(.serialized, .timeLimit(.minutes(2)), .requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
struct StatusListIndexTests {
    struct Slot: Hashable {
        let uri: String
        let idx: Int
    }

    static func slots(_ count: Int, from node: TesseraProcess, _ secret: GeneratedSecret) throws -> [Slot] {
        try concurrently(count) { _ in
            let (uri, idx) = try StatusListTests.reference(try issued(node.token("svc", secret.secret)))
            return Slot(uri: uri, idx: idx)
        }
    }

    @Test func twoNodesSharingRedisNeverHandOutTheSameIndex() throws {
        let deployment = try Deployment(nodes: 2, redis: true) { config in
            config.statusList = "{ttl: 1s}"
            config.reuse = false
        }
        defer { deployment.close() }
        let secret = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let answers = try concurrently(2) { index in try Self.slots(150, from: deployment.nodes[index], secret) }
        let all = answers.flatMap { $0 }
        #expect(Set(all).count == 300, "\(300 - Set(all).count) indexes handed out twice across two nodes")
    }

    @Test func anEmbeddedNodeRollsFullListsOverAndKeepsIndexesAcrossARestart() throws {
        let deployment = try Deployment { config in
            config.statusList = "{ttl: 1s, size: 8}"
            config.reuse = false
        }
        defer { deployment.close() }
        let secret = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let before = try Self.slots(20, from: deployment.node, secret)
        try deployment.restart(deployment.node)
        let after = try Self.slots(20, from: deployment.node, secret)

        let all = before + after
        #expect(Set(all).count == 40, "\(40 - Set(all).count) indexes handed out twice across a restart")
        #expect(all.allSatisfy { (0..<8).contains($0.idx) }, "an index outside a list of 8: \(all.map(\.idx))")
        let uris = Set(all.map(\.uri))
        #expect(uris.count >= 5, "40 tokens in lists of 8 need at least 5 lists, got \(uris.count)")
        let listed = Set(try deployment.node.fetch("/oauth/status").json["status_lists"] as? [String] ?? [])
        #expect(uris.subtracting(listed).isEmpty, "lists of live tokens missing from the aggregation: \(uris.subtracting(listed))")
    }
}
