import Foundation
import Testing
import TesseraTesting

/// DPoP across nodes: a proof used on one node is refused on the other (Redis, and PostgreSQL
/// without Redis), and with `dpop.nonce: true` a nonce one node hands out holds on the other
/// (nonces are stateless: an HMAC under a secret both derive from their shared signing key).
@Suite(.requires(Services.running, Services.skipMessage))
struct DPoPClusterTests {
    static func clientYAML(_ hash: String) -> String {
        """
        dpop:
          nonce: true
        clients:
          - id: svc
            secret_hash: "\(hash)"
            scopes: [read]
            audiences: [api]

        """
    }

    @Test func twoRedisNodesShareUsedProofsAndNonces() throws {
        let pair = try Secrets.generate()
        let svc = ("svc", pair.secret)
        let fixture = try CLIFixture(redis: try Services.redis(), extra: Self.clientYAML(pair.hash))
        defer { fixture.done() }
        #expect(try fixture.tessera(["migrate"]).status == 0)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()  // the same key directory: the same nonce secret
        defer { b.stop() }
        let key = try DPoPProofForge.es256()

        // No nonce: 400 use_dpop_nonce with one to use, on either node.
        let first = try DPoPServeTests.send(a, svc, proofs: [try key.proof()])
        #expect(first.status == 400 && first.error == "use_dpop_nonce", "\(first) \(a.stderr)")
        let nonce = try #require(first.header("DPoP-Nonce"))
        let stale = try DPoPServeTests.send(b, svc, proofs: [try key.proof(nonce: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")])
        #expect(stale.status == 400 && stale.error == "use_dpop_nonce" && stale.header("DPoP-Nonce") != nil, "\(stale)")

        // A's nonce holds on B; the answer carries the nonce to use next.
        let proof = try key.proof(nonce: nonce)
        let issued = try DPoPServeTests.send(b, svc, proofs: [proof])
        #expect(issued.status == 200 && issued.json["token_type"] as? String == "DPoP", "\(issued) \(b.stderr)")
        #expect(issued.header("DPoP-Nonce") != nil)

        // The same proof on A: used already.
        let replayed = try DPoPServeTests.send(a, svc, proofs: [proof])
        #expect(replayed.status == 400 && replayed.error == "invalid_dpop_proof", "\(replayed)")
    }

    @Test func twoPostgresOnlyNodesAcceptAProofOnce() throws {
        let pair = try Secrets.generate()
        let svc = ("svc", pair.secret)
        let fixture = try CLIFixture(redis: nil, extra: Self.clientYAML(pair.hash).replacingOccurrences(of: "nonce: true", with: "nonce: false"))
        defer { fixture.done() }
        #expect(try fixture.tessera(["migrate"]).status == 0)
        let nodes = [try fixture.serve(), try fixture.serve()]
        defer { nodes.forEach { $0.stop() } }
        let proof = try DPoPProofForge.ed25519().proof()
        // Sent to both at once: exactly one accepts it.
        let statuses = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let status = (try? DPoPServeTests.send(nodes[index], svc, proofs: [proof]))?.status ?? 0
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.sorted() == [200, 400], "\(statuses.value) \(nodes[0].stderr)")
    }
}
