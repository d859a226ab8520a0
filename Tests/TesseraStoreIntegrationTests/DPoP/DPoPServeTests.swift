import Foundation
import Testing
import TesseraTesting

/// DPoP through a running node (embedded mode, one process for every check): a proof made by
/// Python binds the token (`token_type` DPoP, `cnf.jkt`, introspection), a resource server accepts
/// the token only with a proof of its key, a proof is used once, two `DPoP` headers and a client
/// that requires DPoP without a proof are refused, reuse follows the key, and metadata names the
/// proof algorithms.
struct DPoPServeTests {
    static let htu = "https://tessera.test/oauth/token"

    static func send(_ node: TesseraProcess, _ client: (String, String), proofs: [String]) throws -> HTTPResponse {
        try HTTPExchange.send(port: node.port, method: "POST", path: "/oauth/token",
                           headers: [HTTPExchange.basic(client.0, client.1)] + proofs.map { ("DPoP", $0) },
                           body: "grant_type=client_credentials")
    }

    @Test func aNodeBindsTokensToTheProofsKey() throws {
        let plain = try Secrets.generate()
        let bound = try Secrets.generate()
        let node = try TesseraProcess.start(config: """
            issuer: "https://tessera.test"
            keys:
              directory: ./keys
            clients:
              - id: svc
                secret_hash: "\(plain.hash)"
                scopes: [read]
                audiences: [api]
                introspect: true
              - id: strict
                secret_hash: "\(bound.hash)"
                scopes: [read]
                audiences: [api]
                dpop_bound_access_tokens: true

            """)
        defer { node.stop() }
        let svc = ("svc", plain.secret)
        let keyFile = node.directory.file("python-dpop.pem").path

        // A proof made by Python (PS256): a DPoP token bound to its key.
        let python = try PythonDPoP.proof(keyFile: keyFile, htu: Self.htu)
        let issued = try Self.send(node, svc, proofs: [python.proof])
        try #require(issued.status == 200, "\(issued) \(node.stderr)")
        #expect(issued.json["token_type"] as? String == "DPoP")
        let token = try #require(issued.accessToken)
        #expect((try DecodedJWT(token).claims["cnf"] as? [String: Any])?["jkt"] as? String == python.jkt)
        let introspected = try node.introspect(token, as: svc)
        #expect(introspected.json["token_type"] as? String == "DPoP", "\(introspected)")
        #expect((introspected.json["cnf"] as? [String: Any])?["jkt"] as? String == python.jkt, "\(introspected)")

        // The resource server: a proof of the same key for the API request, with the token's hash.
        let api = "https://api.test/orders"
        let good = try PythonDPoP.proof(keyFile: keyFile, htm: "GET", htu: api, token: token)
        #expect(ResourceServer.accepts(token: token, proof: good.proof, htm: "GET", htu: api))
        let thief = try DPoPProofForge.es256().proof(htu: api, htm: "GET", ath: DPoPProofForge.accessTokenHash(token))
        #expect(!ResourceServer.accepts(token: token, proof: thief, htm: "GET", htu: api), "a proof of another key was accepted")

        // Used once; two DPoP headers; a client that requires DPoP without a proof.
        let replayed = try Self.send(node, svc, proofs: [python.proof])
        #expect(replayed.status == 400 && replayed.error == "invalid_dpop_proof", "\(replayed)")
        let key = try DPoPProofForge.es256()
        let twice = try Self.send(node, svc, proofs: [try key.proof(), try key.proof()])
        #expect(twice.status == 400 && twice.error == "invalid_request", "\(twice)")
        let strict = try Self.send(node, ("strict", bound.secret), proofs: [])
        #expect(strict.status == 400 && strict.error == "invalid_dpop_proof", "\(strict)")
        let strictWithProof = try Self.send(node, ("strict", bound.secret), proofs: [try key.proof()])
        #expect(strictWithProof.status == 200 && strictWithProof.json["token_type"] as? String == "DPoP", "\(strictWithProof)")

        // Reuse: the same key gets the same token, another key or no proof another one.
        let again = try Self.send(node, svc, proofs: [try PythonDPoP.proof(keyFile: keyFile, htu: Self.htu).proof])
        let otherKey = try Self.send(node, svc, proofs: [try key.proof()])
        let bearer = try Self.send(node, svc, proofs: [])
        #expect(again.accessToken == token)
        #expect(otherKey.status == 200 && otherKey.accessToken != token)
        #expect(bearer.json["token_type"] as? String == "Bearer" && bearer.accessToken != token && bearer.accessToken != otherKey.accessToken)

        let metadata = try node.fetch("/.well-known/oauth-authorization-server")
        #expect(metadata.json["dpop_signing_alg_values_supported"] as? [String] == ["ES256", "EdDSA", "Ed25519", "RS256", "PS256"])
    }
}
