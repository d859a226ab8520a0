import TesseraCore
import Foundation
import TesseraJOSE
import TesseraStore

@testable import TesseraOAuth

/// Shared clients, keys and request builders for the OAuth tests.
enum Fixtures {
    static let now: Int64 = 1_700_000_000
    static let issuer = "https://issuer.test"
    static let demoSecret = "demo-secret"
    static let humanSecret = "correct horse battery staple"

    static let demoHash = SecretHash.makeFast(secret: Array(demoSecret.utf8))
    static let humanHash = SecretHash.makePBKDF2(secret: Array(humanSecret.utf8), iterations: 1000)

    static func clients() -> [Client] {
        [
            Client(id: "demo", secretHash: demoHash, scopes: ["write", "read", "admin"], audiences: ["api", "billing"], introspect: true),
            Client(id: "human", secretHash: humanHash, scopes: ["read"], audiences: ["api"], introspect: false),
        ]
    }

    static let signingSecret = Array("0123456789abcdef0123456789abcdef-test".utf8)

    static func minter() -> JOSETokenMinter {
        JOSETokenMinter(signer: TokenSigner(try! HS256Key(secret: signingSecret)))
    }

    static func endpoint(
        _ settings: TokenEndpoint.Settings = TokenEndpoint.Settings(issuer: issuer),
        clients: [Client] = clients(), metrics: any TokenMetrics = NoTokenMetrics(), clock: MonotonicClock = .system
    ) -> TokenEndpoint {
        TokenEndpoint(
            settings: settings, registry: ClientRegistry(clients), minter: minter(), metrics: metrics, clock: clock)
    }

    /// Form-urlencodes one component the way RFC 6749 Appendix B says: unreserved stays, space is
    /// `+`, everything else is `%XX`.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "*"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "): out.append("+")
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func basic(_ id: String, _ secret: String) -> String {
        let joined = formEncode(id) + ":" + formEncode(secret)
        return "Basic " + Data(joined.utf8).base64EncodedString()
    }

    static func parse(
        _ body: String, authorization: String? = nil,
        contentType: String? = "application/x-www-form-urlencoded"
    ) -> Result<TokenRequest, OAuthError> {
        let bodyBytes = Array(body.utf8)
        let typeBytes = contentType.map { Array($0.utf8) }
        let authBytes = authorization.map { Array($0.utf8) }
        return bodyBytes.withUnsafeBytes { body in
            withOptionalBytes(typeBytes) { type in
                withOptionalBytes(authBytes) { auth in
                    TokenRequest.parse(contentType: type, authorization: auth, body: body)
                }
            }
        }
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }

    /// Parses and answers a request, running deferred work inline the way the App would.
    static func outcome(
        _ endpoint: TokenEndpoint, _ body: String, authorization: String? = nil,
        contentType: String? = "application/x-www-form-urlencoded", now: Int64 = now
    ) -> Result<TokenResponse, OAuthError> {
        let request: TokenRequest
        switch parse(body, authorization: authorization, contentType: contentType) {
        case .success(let parsed): request = parsed
        case .failure(let error): return .failure(error)
        }
        var timing: StepTimings? = nil
        var outcome = endpoint.respond(to: request, now: now, timing: &timing)
        if case .deferred(let work) = outcome {
            outcome = work.settle(timing: &timing)
        }
        switch outcome {
        case .answered(let response): return .success(response)
        case .failed(let error): return .failure(error)
        case .deferred: fatalError("respond kept deferring")
        }
    }

    static func post(_ id: String, _ secret: String, _ extra: String = "") -> String {
        "grant_type=client_credentials&client_id=\(formEncode(id))&client_secret=\(formEncode(secret))\(extra)"
    }

    /// Decodes the JSON payload of a compact JWT.
    static func payload(_ token: [UInt8]) throws -> [String: Any] {
        let parts = String(decoding: token, as: UTF8.self).split(separator: ".")
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[1])) else { throw FixtureError.malformed }
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw FixtureError.malformed
        }
        return object
    }

    enum FixtureError: Error { case malformed }
}

/// Counts what the endpoint reports.
final class RecordingMetrics: TokenMetrics, @unchecked Sendable {
    // @unchecked: the recorded counts are only touched under `lock`.
    private let lock = NSLock()
    private var _slowHashes = 0
    private var _issued: [String: Int] = [:]
    private var _lookups: [String: (hits: Int, misses: Int)] = [:]
    private var _signatures = 0

    var slowHashes: Int { lock.withLock { _slowHashes } }
    var signatures: Int { lock.withLock { _signatures } }
    func issued(_ algorithm: String) -> Int { lock.withLock { _issued[algorithm, default: 0] } }
    func lookups(_ cache: String) -> (hits: Int, misses: Int) { lock.withLock { _lookups[cache, default: (0, 0)] } }

    func tokenIssued(algorithm: JWSAlgorithm) { lock.withLock { _issued[algorithm.rawValue, default: 0] += 1 } }
    func cacheLookup(tier: StoreTier, cache lookupCache: LookupCache, hit: Bool) {
        let cache = lookupCache.name
        lock.withLock {
            if hit { _lookups[cache, default: (0, 0)].hits += 1 } else { _lookups[cache, default: (0, 0)].misses += 1 }
        }
    }
    func signed(nanoseconds: UInt64) { lock.withLock { _signatures += 1 } }
    func slowHashVerified(nanoseconds: UInt64, success: Bool) { lock.withLock { _slowHashes += 1 } }
}
