import Foundation
import Testing
import TesseraTesting

/// `clients[]` with `secrets:` (expiries), `token_ttl`, `rate` and `disabled`, on one node
/// without stores: each key does what it says, and only for its own client.
struct StaticClientPolicyTests {
    @Test func secretsExpireAndTheTTLRateAndDisabledOfEachClientApplyToItAlone() throws {
        let pairs = try concurrently(4) { _ in try Secrets.generate() }
        let (new, old, gone, plain) = (pairs[0], pairs[1], pairs[2], pairs[3])
        let formatter = ISO8601DateFormatter()
        let soon = formatter.string(from: Date().addingTimeInterval(2))
        let past = formatter.string(from: Date().addingTimeInterval(-60))
        let directory = try TemporaryDirectory(prefix: "tessera-policy")
        defer { directory.remove() }
        func client(_ id: String, _ lines: String) -> String {
            "  - id: \(id)\n    audiences: [api]\n    scopes: [read]\n" + lines
        }
        let yaml = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(directory.file("keys").path)"
            limits:
              per_client_rps: 0
            clients:

            """
            + client("rot", "    secrets:\n      - hash: \"\(new.hash)\"\n      - hash: \"\(old.hash)\"\n        expires_at: \"\(soon)\"\n      - hash: \"\(gone.hash)\"\n        expires_at: \"\(past)\"\n")
            + client("short", "    secret_hash: \"\(plain.hash)\"\n    token_ttl: 90s\n")
            + client("slow", "    secret_hash: \"\(plain.hash)\"\n    rate: {rps: 1, burst: 0}\n")
            + client("bystander", "    secret_hash: \"\(plain.hash)\"\n")
            + client("off", "    secret_hash: \"\(plain.hash)\"\n    disabled: true\n")
        let node = try TesseraProcess.start(config: yaml)
        defer { node.stop() }

        let replies = try concurrently(9) { i -> HTTPResponse in
            switch i {
            case 0: try node.token(id: "rot", secret: new.secret)
            case 1: try node.token(id: "rot", secret: old.secret)
            case 2: try node.token(id: "rot", secret: gone.secret)
            case 3: try node.token(id: "short", secret: plain.secret)
            case 4, 5: try node.token(id: "slow", secret: plain.secret)
            case 6, 7: try node.token(id: "bystander", secret: plain.secret, extra: i == 7 ? "&scope=read" : "")
            default: try node.token(id: "off", secret: plain.secret)
            }
        }
        #expect(replies[0].status == 200 && replies[1].status == 200, "\(replies[0]) \(replies[1])")
        #expect(replies[2].status == 401, "a secret past its expiry was accepted: \(replies[2])")
        #expect(replies[3].json["expires_in"] as? Int == 90, "\(replies[3])")
        let claims = try DecodedJWT(try #require(replies[3].accessToken)).claims
        #expect((claims["exp"] as? Int).map { $0 - (claims["iat"] as? Int ?? 0) } == 90, "\(claims)")
        #expect(replies[6].json["expires_in"] as? Int == 3600, "another client keeps tokens.ttl")
        #expect(Set([replies[4].status, replies[5].status]) == [200, 429], "rate 1/s: \(replies[4]) \(replies[5])")
        #expect(replies[6].status == 200 && replies[7].status == 200, "the rate is that client's alone")
        #expect(replies[8].status == 401 && replies[8].json["error_description"] as? String == "client is disabled", "\(replies[8])")
        #expect(node.stderr.contains("level=warning msg=\"previous secret used\" client_id=rot expires_at=\(soon.dropLast())"),
                "\(node.stderr)")
        #expect(try node.fetch("/metrics").body.contains("tessera_client_previous_secret_used_total 1\n"))

        let expired = eventually(timeout: 3.0, interval: 0.05) { (try? node.token(id: "rot", secret: old.secret))?.status == 401 }
        #expect(expired, "the old secret still works after its expires_at")
        #expect(try node.token(id: "rot", secret: new.secret).status == 200)
    }
}
