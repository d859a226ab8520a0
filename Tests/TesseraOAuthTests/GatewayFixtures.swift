import Foundation
import TesseraJOSE
import TesseraStore
import TesseraTesting

@testable import TesseraOAuth

/// Endpoints wired the way the App wires them, over one Ed25519 key, for the introspection and
/// revocation tests; and a forge for tokens no honest issuer would sign.
struct GatewaySetup {
    static let now = Fixtures.now
    static let key = try! Ed25519PrivateKey.generate()
    static let ring = try! KeyRing.make(
        keys: [LoadedKey(activation: 0, privateKey: key)], now: now, hs256Secret: nil, algorithm: .EdDSA)

    let tokens: TokenEndpoint
    let introspection: IntrospectionEndpoint
    let revocation: RevocationEndpoint
    let revocations = RevocationList()
    let metrics = RecordingIntrospectionRevocationMetrics()
    let published = PublishedRevocations()

    init(ttl: Int64 = 3600) {
        let clients = Fixtures.clients() + [
            Client(id: "slowgw", secretHash: Fixtures.humanHash, scopes: ["read"], audiences: ["api"], introspect: true),
            Client(id: "other", secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: false),
        ]
        tokens = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer, ttlSeconds: ttl), registry: ClientRegistry(clients),
            minter: JOSETokenMinter(keyRing: Self.ring), metrics: metrics, revocations: revocations)
        introspection = IntrospectionEndpoint(
            authenticator: tokens.authenticator, keyRing: Self.ring, issuer: Fixtures.issuer,
            cache: IntrospectionCache(capacity: 1000), revocations: revocations, metrics: metrics)
        revocation = RevocationEndpoint(
            authenticator: tokens.authenticator, introspection: introspection, reuse: tokens.caches.reuse,
            revocations: revocations, publisher: published, metrics: metrics)
    }

    /// A token issued by the token endpoint to `client` (secret `Fixtures.demoSecret`).
    func issue(_ client: String = "demo", now: Int64 = now, extra: String = "") -> [UInt8] {
        switch Fixtures.outcome(tokens, Fixtures.post(client, Fixtures.demoSecret, extra), now: now) {
        case .success(let response): return response.accessToken
        case .failure(let error): fatalError("token request failed: \(error)")
        }
    }

    static func submission(_ token: [UInt8], by id: String = "demo", secret: String = Fixtures.demoSecret) -> TokenSubmission {
        TokenSubmission(token: token, credentials: ClientCredentials(id: id, secret: Array(secret.utf8), method: .clientSecretPost))
    }

    /// Introspects, running deferred work inline.
    func introspect(_ token: [UInt8], by id: String = "demo", secret: String = Fixtures.demoSecret, now: Int64 = now,
                    timing: inout StepTimings?) -> IntrospectionEndpoint.Outcome {
        let submission = Self.submission(token, by: id, secret: secret)
        let outcome = introspection.respond(to: submission, now: now, timing: &timing)
        guard case .deferred(let work) = outcome else { return outcome }
        return work.settle(timing: &timing)
    }

    func introspect(_ token: [UInt8], by id: String = "demo", secret: String = Fixtures.demoSecret, now: Int64 = now)
        -> IntrospectionEndpoint.Outcome
    {
        var timing: StepTimings? = nil
        return introspect(token, by: id, secret: secret, now: now, timing: &timing)
    }

    func revoke(_ token: [UInt8], by id: String = "demo", now: Int64 = now) -> RevocationEndpoint.Outcome {
        var timing: StepTimings? = nil
        return revocation.respond(to: Self.submission(token, by: id), now: now, timing: &timing)
    }
}

/// Compact JWTs from raw header and claims JSON (TesseraTesting's forge) as bytes, with this
/// file's key and claims as defaults.
enum TokenForge {
    static func token(header: String, claims: String, sign: (UnsafeRawBufferPointer) -> [UInt8]) -> [UInt8] {
        Array(TesseraTesting.TokenForge.token(header: header, claims: claims, sign: sign).utf8)
    }

    static func ed25519(_ key: Ed25519PrivateKey) -> (UnsafeRawBufferPointer) -> [UInt8] { TesseraTesting.TokenForge.ed25519(key) }

    static func hs256(_ secret: [UInt8]) -> (UnsafeRawBufferPointer) -> [UInt8] { TesseraTesting.TokenForge.hs256(secret) }

    static func header(alg: String = "EdDSA", kid: String = GatewaySetup.key.keyID.value) -> String {
        #"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(kid)"}"#
    }

    static func claims(
        iss: String = Fixtures.issuer, client: String = "demo", iat: Int64 = GatewaySetup.now,
        exp: Int64 = GatewaySetup.now + 600, jti: String = "forged-jti"
    ) -> String {
        #"{"iss":"\#(iss)","sub":"\#(client)","client_id":"\#(client)","aud":"api","scope":"read","iat":\#(iat),"exp":\#(exp),"jti":"\#(jti)"}"#
    }
}

/// Records what the gateway endpoints report.
final class RecordingIntrospectionRevocationMetrics: IntrospectionRevocationMetrics, @unchecked Sendable {
    // @unchecked: the recorded lists are only touched under `lock`.
    private let lock = NSLock()
    private var _results: [IntrospectionResult] = []
    private var _revocations: [RevocationResult] = []
    private var _lookups: [Bool] = []

    var results: [IntrospectionResult] { lock.withLock { _results } }
    var revocationResults: [RevocationResult] { lock.withLock { _revocations } }
    /// Hits and misses of the introspection cache, in order.
    var introspectionLookups: [Bool] { lock.withLock { _lookups } }

    func tokenIssued(algorithm: JWSAlgorithm) {}
    func cacheLookup(tier: StoreTier, cache: LookupCache, hit: Bool) {
        if cache == .introspection { lock.withLock { _lookups.append(hit) } }
    }
    func signed(nanoseconds: UInt64) {}
    func slowHashVerified(nanoseconds: UInt64, success: Bool) {}
    func introspected(_ result: IntrospectionResult) { lock.withLock { _results.append(result) } }
    func revocationAnswered(_ result: RevocationResult) { lock.withLock { _revocations.append(result) } }
}

/// What was announced to other nodes.
final class PublishedRevocations: RevocationPublishing, @unchecked Sendable {
    // @unchecked: `_all` is only touched under `lock`.
    private let lock = NSLock()
    private var _all: [Revocation] = []
    var all: [Revocation] { lock.withLock { _all } }
    func publish(_ revocation: Revocation) { lock.withLock { _all.append(revocation) } }
}

extension IntrospectionEndpoint.Outcome {
    /// The JSON body of a 200, nil otherwise.
    var body: String? {
        guard case .answered(let answer) = self else { return nil }
        return String(decoding: answer.record?.json ?? IntrospectionRecord.inactiveJSON, as: UTF8.self)
    }

    var result: IntrospectionResult? {
        guard case .answered(let answer) = self else { return nil }
        return answer.result
    }

    var error: OAuthError? {
        guard case .failed(let error) = self else { return nil }
        return error
    }
}
