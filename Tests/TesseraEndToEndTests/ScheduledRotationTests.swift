import Foundation
import Testing
import TesseraTesting

/// `keys.rotation` on one node with its key directory: the node makes its keys on schedule,
/// publishes each before it signs, and says so in `keys list`, the JWKS max-age and the gauges.
@Suite struct ScheduledRotationTests {
    @Test func everyTokenIsSignedByAKeyTheJWKSHeldBeforeItWasIssued() throws {
        let keys = try KeyTestFolder()
        defer { keys.remove() }
        try keys.write("config.yaml", """
            tokens:
              ttl: 2s
              reuse: false
            keys:
              directory: ./keys
              rotation: {every: 1s, publish_ahead: 2s, retain: 1s}
            """)
        let node = keys.node("rotating", config: "config.yaml")
        try node.start()
        // Key 0 signs from the start; after 1 s key 1 is made, signing 2 s later (about 3 s in).
        // Until key 1 has signed for a moment, at most 4 s.
        let deadline = Date().addingTimeInterval(4)
        var signers: [String] = []
        var unpublishedSigner: String?
        var newSignerSeen: Date?
        while Date() < deadline, newSignerSeen.map({ Date().timeIntervalSince($0) < 0.3 }) ?? true {
            let published = try node.publishedKeyIDs()
            let kid = try node.tokenKeyID(keys.client).kid
            if !published.contains(kid) { unpublishedSigner = kid }
            if signers.last != kid { signers.append(kid) }
            if signers.count > 1, newSignerSeen == nil { newSignerSeen = Date() }
            usleep(50_000)
        }
        #expect(unpublishedSigner == nil, "a token was signed by \(unpublishedSigner ?? "") before the JWKS held it")
        #expect(signers.count == 2, "signers in order: \(signers); \(node.stderr)")

        let jwks = try node.fetch("/.well-known/jwks.json")
        #expect(jwks.header("Cache-Control") == "public, max-age=1", "half of publish_ahead")
        let metrics = try node.fetch("/metrics").body
        #expect(metrics.contains("\ntessera_signing_key_age_seconds "), "\(metrics.suffix(600))")
        #expect(metrics.contains("\ntessera_signing_key_next_rotation_timestamp_seconds "))

        let listed = try keys.tessera(["keys", "list"], config: "config.yaml")
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = listed.stdoutLines.map { $0.split(separator: " ").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 7 }, "\(listed.stdout)")
        #expect(rows.first { $0[6] == "signing" }?[0] == signers.last, "\(listed.stdout)")
        #expect(rows.first { $0[0] == signers.first }?[6] == "retired", "\(listed.stdout)")
        #expect(rows.allSatisfy { $0[1] == "EdDSA" })
        #expect(node.stderr.contains("msg=\"signing key made\"") && node.stderr.contains("cause=scheduled"))
    }
}
