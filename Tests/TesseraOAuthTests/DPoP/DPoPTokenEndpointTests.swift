import Foundation
import Testing
import TesseraCore
import TesseraJOSE
import TesseraStore
import TesseraTesting

@testable import TesseraOAuth

/// The token endpoint with DPoP proofs (RFC 9449), in process: every check refused on its own,
/// the binding (`cnf.jkt`, `token_type` DPoP), reuse keyed by the proof's key, clients that
/// require a proof, nonces, and one proof used once by two endpoints sharing a store.
@Suite struct DPoPTokenEndpointTests {
    static let htu = Fixtures.issuer + "/oauth/token"
    let body = Fixtures.post("demo", "demo-secret")

    /// A request and its `DPoP` header, as the handler makes them.
    typealias Presented = (request: TesseraOAuth.TokenRequest, proof: PresentedProof?)

    static func request(_ body: String, proof: String?) throws -> Presented {
        (try Fixtures.parse(body).get(), proof.map { PresentedProof(Array($0.utf8)) })
    }

    static func respond(_ endpoint: TokenEndpoint, _ presented: Presented, now: Int64 = Fixtures.now) -> Result<TokenResponse, OAuthError> {
        var timing: StepTimings? = nil
        var outcome = endpoint.respond(to: presented.request, now: now, timing: &timing, proof: presented.proof)
        if case .deferred(let work) = outcome {
            outcome = work.settle(timing: &timing)
        }
        switch outcome {
        case .answered(let response): return .success(response)
        case .failed(let error): return .failure(error)
        case .deferred: return .failure(.temporarilyUnavailable("still deferred"))
        }
    }

    func answer(_ endpoint: TokenEndpoint, proof: String?, now: Int64 = Fixtures.now) throws -> Result<TokenResponse, OAuthError> {
        Self.respond(endpoint, try Self.request(body, proof: proof), now: now)
    }

    static func isInvalidProof(_ result: Result<TokenResponse, OAuthError>) -> Bool {
        if case .failure(.invalidDPoPProof) = result { return true }
        return false
    }

    @Test func aGoodProofBindsTheTokenToItsKey() throws {
        let endpoint = Fixtures.endpoint()
        let key = try DPoPProofForge.es256()
        let response = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now)).get()
        #expect(response.dpop)
        var json: [UInt8] = []
        response.writeJSON(into: &json)
        #expect(String(decoding: json, as: UTF8.self).contains(#""token_type":"DPoP""#))
        let claims = try Fixtures.payload(response.accessToken)
        #expect((claims["cnf"] as? [String: Any])?["jkt"] as? String == key.thumbprint)
        // Introspection's record of it says the same.
        let record = IntrospectionRecord(claims: try AccessTokenClaims.from(JSONValue.parse(
            Base64URL.decode(String(String(decoding: response.accessToken, as: UTF8.self).split(separator: ".")[1]))!)).get())
        let text = String(decoding: record.json, as: UTF8.self)
        #expect(text.contains(#""cnf":{"jkt":"\#(key.thumbprint)"}"#) && text.hasSuffix(#""token_type":"DPoP"}"#), "\(text)")
    }

    @Test func everyDefectIsInvalidDPoPProof() throws {
        let endpoint = Fixtures.endpoint()
        let key = try DPoPProofForge.es256()
        let now = Fixtures.now
        let privateJWK = String(key.jwk.dropLast()) + #","d":"AAAA"}"#
        let bad: [(String, String)] = [
            ("typ", try key.proof(htu: Self.htu, iat: now, header: ["typ": #""JWT""#])),
            ("alg none", try key.proof(htu: Self.htu, iat: now, header: ["alg": #""none""#])),
            ("alg HS256", try key.proof(htu: Self.htu, iat: now, header: ["alg": #""HS256""#])),
            ("private jwk", try key.proof(htu: Self.htu, iat: now, header: ["jwk": privateJWK])),
            ("no jwk", try key.proof(htu: Self.htu, iat: now, header: ["jwk": nil])),
            ("another key's jwk", try key.proof(htu: Self.htu, iat: now, header: ["jwk": try DPoPProofForge.es256().jwk])),
            ("htm", try key.proof(htu: Self.htu, htm: "GET", iat: now)),
            ("htu", try key.proof(htu: "https://other.test/oauth/token", iat: now)),
            ("htu path", try key.proof(htu: Fixtures.issuer + "/oauth/introspect", iat: now)),
            ("old iat", try key.proof(htu: Self.htu, iat: now - 61)),
            ("future iat", try key.proof(htu: Self.htu, iat: now + 6)),
            ("no jti", try key.proof(htu: Self.htu, iat: now, claims: ["jti": nil])),
            ("garbage", "not.a.proof"),
        ]
        for (defect, proof) in bad {
            let result = try answer(endpoint, proof: proof)
            #expect(Self.isInvalidProof(result), "\(defect): \(result)")
        }
        // The edges of the window hold.
        #expect(try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: now - 60)).get().dpop)
        #expect(try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: now + 5)).get().dpop)
    }

    @Test func aProofIsUsedOnce() throws {
        let endpoint = Fixtures.endpoint()
        let proof = try DPoPProofForge.ed25519().proof(htu: Self.htu, iat: Fixtures.now)
        #expect(try answer(endpoint, proof: proof).get().dpop)
        let replay = try answer(endpoint, proof: proof)
        #expect(Self.isInvalidProof(replay), "\(replay)")
    }

    @Test func reuseIsKeyedByTheProofsKey() throws {
        let endpoint = Fixtures.endpoint()
        let key = try DPoPProofForge.es256()
        let other = try DPoPProofForge.ed25519()
        let first = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now)).get()
        let same = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now)).get()
        let another = try answer(endpoint, proof: try other.proof(htu: Self.htu, iat: Fixtures.now)).get()
        let bearer = try answer(endpoint, proof: nil).get()
        let sameKeyAgain = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now)).get()
        #expect(same.accessToken == first.accessToken && same.dpop)
        #expect(another.accessToken != first.accessToken && another.dpop)
        #expect(bearer.accessToken != first.accessToken && bearer.accessToken != another.accessToken && !bearer.dpop)
        #expect(try Fixtures.payload(bearer.accessToken)["cnf"] == nil)
        #expect(sameKeyAgain.accessToken == first.accessToken)
        // And the Bearer token is not handed to a DPoP request.
        let bearerAgain = try answer(endpoint, proof: nil).get()
        #expect(bearerAgain.accessToken == bearer.accessToken)
    }

    @Test func sharedReuseKeysDifferByProofKey() throws {
        let stamp = ReuseStamp(clientVersion: 1, signer: 2, cuts: 0)
        let jkt = try DPoPProofForge.es256().thumbprint
        let plain = TokenGrantKey(clientID: "demo", scope: "read", audience: "api")
        let bound = TokenGrantKey(clientID: "demo", scope: "read", audience: "api", proofKey: TokenGrantKey.proofKeyDigest(jkt))
        #expect(bound != plain)
        #expect(SharedTokenReuse.key(bound, stamp: stamp) != SharedTokenReuse.key(plain, stamp: stamp))
        #expect(String(decoding: SharedTokenReuse.key(bound, stamp: stamp), as: UTF8.self).hasSuffix("\u{1F}jkt:" + jkt))
    }

    @Test func aClientThatRequiresDPoPIsRefusedWithoutAProof() throws {
        let client = Client(id: "bound", secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: false,
                            dpopBoundAccessTokens: true)
        let endpoint = Fixtures.endpoint(clients: [client])
        let body = Fixtures.post("bound", "demo-secret")
        let refused = Self.respond(endpoint, try Self.request(body, proof: nil))
        #expect(Self.isInvalidProof(refused), "\(refused)")
        let proof = try DPoPProofForge.es256().proof(htu: Self.htu, iat: Fixtures.now)
        #expect(try Self.respond(endpoint, try Self.request(body, proof: proof)).get().dpop)
    }

    @Test func nonceFlow() throws {
        let secret = Array(repeating: UInt8(7), count: 32)
        let settings = DPoPSettings(nonce: true, maxAgeSeconds: 60, nonceSecret: secret)
        let endpoint = TokenEndpoint(settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
                                     minter: Fixtures.minter(), dpop: settings)
        let key = try DPoPProofForge.es256()
        let missing = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now))
        guard case .failure(let error) = missing, case .useDPoPNonce(let nonce) = error else {
            Issue.record("no use_dpop_nonce: \(missing)")
            return
        }
        #expect(error.code == "use_dpop_nonce" && error.status() == 400 && error.dpopNonce == nonce)
        let retried = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now, nonce: nonce)).get()
        #expect(retried.dpop && retried.dpopNonce != nil)
        // Another endpoint with the same secret (another node) accepts it: nothing is stored.
        let node2 = TokenEndpoint(settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
                                  minter: Fixtures.minter(), dpop: settings)
        #expect(try answer(node2, proof: try key.proof(htu: Self.htu, iat: Fixtures.now, nonce: nonce)).get().dpop)
        // Two windows on, it is stale; a made-up one never holds.
        let stale = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now + 120, nonce: nonce), now: Fixtures.now + 120)
        let madeUp = try answer(endpoint, proof: try key.proof(htu: Self.htu, iat: Fixtures.now, nonce: String(repeating: "A", count: 32)))
        for result in [stale, madeUp] {
            guard case .failure(.useDPoPNonce) = result else {
                Issue.record("a stale or made-up nonce was not refused with use_dpop_nonce: \(result)")
                continue
            }
        }
    }

    /// Indexes only after one refill, as for a node's first token under a status list.
    final class RefillingAllocator: StatusIndexAllocating, @unchecked Sendable {
        // @unchecked: its one stored property is `Locked`.
        let filled = Locked(false)
        func take(for client: Client, now: Int64) -> StatusReference? {
            filled.withLock { $0 } ? StatusReference(uri: Fixtures.issuer + "/oauth/status/1", index: 0) : nil
        }
        func refill(for client: Client, now: Int64) throws -> StatusReference {
            filled.withLock { $0 = true }
            return StatusReference(uri: Fixtures.issuer + "/oauth/status/1", index: 0)
        }
    }

    @Test func aProofClaimedBeforeAStatusListRefillIsNotItsOwnReplay() throws {
        let endpoint = TokenEndpoint(settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
                                     minter: Fixtures.minter(), statusList: RefillingAllocator())
        let result = try answer(endpoint, proof: try DPoPProofForge.es256().proof(htu: Self.htu, iat: Fixtures.now))
        #expect((try? result.get())?.dpop == true, "\(result)")
    }

    /// One store shared by two endpoints, as Redis or PostgreSQL is by two nodes.
    final class SharedStore: AssertionReplayStore, @unchecked Sendable {
        // @unchecked: its one stored property is `Locked`.
        let seen = Locked<Set<[UInt8]>>([])
        func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
            seen.withLock { $0.insert(key).inserted }
        }
    }

    @Test func aProofUsedOnOneNodeIsRefusedOnAnother() throws {
        let store = SharedStore()
        func node() -> TokenEndpoint {
            TokenEndpoint(settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
                          minter: Fixtures.minter(), assertionReplay: AssertionReplay(shared: store))
        }
        let (one, two) = (node(), node())
        let proof = try DPoPProofForge.es256().proof(htu: Self.htu, iat: Fixtures.now)
        #expect(try answer(one, proof: proof).get().dpop)
        let replay = try answer(two, proof: proof)
        #expect(Self.isInvalidProof(replay), "\(replay)")
        // Its id is kept apart from client assertion ids.
        #expect(store.seen.withLock { $0.allSatisfy { $0.first == 0 && $0[1..<5].elementsEqual("dpop".utf8) } })
    }
}
