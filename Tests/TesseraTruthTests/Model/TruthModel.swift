import Foundation
import TesseraTesting

/// The reference model of the truth the nodes must follow: every client's registrations over time
/// (secret, scopes, audiences, removal), the signing algorithm, every token handed out and whether
/// it is revoked or killed, and when the stores were down. It judges each answer a node gives
/// against the contract's bounds: a change is honoured by the node that made it at once, by every
/// node within 1 s (`bound`, with scheduling slack), and while a store is down within
/// `staleIfError` of the change or 1 s of the stores coming back, whichever is first.
final class TruthModel {
    /// When a change happened: it may take effect anywhere between `start` and `end`. `local`
    /// changes (a config reload awaited on every node) are in force everywhere from `end`.
    struct Change {
        var start: Date
        var end: Date
        var local: Bool
    }

    /// One registration state of a client; `generation` is unique across the model.
    struct Version {
        var generation: Int
        var exists: Bool
        var secret: String
        var secretHash: String
        var scopes: [String]
        var audiences: [String]
        var change: Change
        /// Earlier secrets still accepted for a while (`rotate-secret --keep-old`).
        var previous: [PreviousSecret] = []
        /// `client disable`: refused whatever the secret.
        var disabled = false
        /// `token_ttl` (`client update --token-ttl`); nil: `tokens.ttl`.
        var ttl: Int? = nil

        /// Whether `secret` may authenticate at some time in `start...end`: the current secret, or
        /// a previous one not yet surely expired.
        func mayAuthenticate(_ secret: String, at start: Date) -> Bool {
            exists && !disabled && (self.secret == secret || previous.contains { $0.secret == secret && start < $0.latest })
        }

        /// Whether `secret` must authenticate through `end`: a previous one only before it can
        /// have expired.
        func mustAuthenticate(_ secret: String, until end: Date) -> Bool {
            exists && !disabled && (self.secret == secret || previous.contains { $0.secret == secret && end < $0.earliest })
        }
    }

    /// A previous secret with the window its expiry falls in (the command stores whole seconds).
    struct PreviousSecret {
        var secret: String
        var earliest: Date
        var latest: Date
    }

    /// A change that makes tokens inactive: removal, revoke-tokens, rotate-secret --revoke-tokens.
    /// Not `definite`: a change after which the contract allows either answer for earlier tokens
    /// (a client's scopes or audiences changed in `clients:`; the contract says nothing of them).
    struct Kill {
        var what: String
        var change: Change
        var definite = true
    }

    enum Source { case config, database }

    final class Client {
        let id: String
        let source: Source
        var versions: [Version]
        var kills: [Kill] = []
        /// A command on it failed halfway: its state is unknown, so it is no longer judged.
        var unknown = false

        init(id: String, source: Source, first: Version) {
            self.id = id
            self.source = source
            versions = [first]
        }

        var current: Version { versions[versions.count - 1] }
    }

    struct Revocation {
        var change: Change
        var node: Int
        /// False when the revocation's answer was a 503: it may or may not have been recorded.
        var certain: Bool
    }

    final class Token {
        let claims: JWTClaims
        let issuedStart: Date
        let issuedEnd: Date
        let node: Int
        /// Generations of the client under which the model allows it to have been issued.
        let generations: Set<Int>
        var revocation: Revocation?

        init(claims: JWTClaims, issuedStart: Date, issuedEnd: Date, node: Int, generations: Set<Int>) {
            self.claims = claims
            self.issuedStart = issuedStart
            self.issuedEnd = issuedEnd
            self.node = node
            self.generations = generations
        }
    }

    struct Outage {
        var store: String
        var start: Date
        var end: Date?
    }

    let bound: Double
    let staleIfError: Double
    /// After a store comes back or a node starts, answers may be 503 this long (the contract
    /// bounds when changes apply, not how soon a node is ready again; it retries with backoff).
    let settle: Double = 5 * TestTiming.slowdown
    private var nextGeneration = 1
    var clients: [String: Client] = [:]
    var tokens: [String: Token] = [:]
    var tokenOrder: [String] = []
    var algorithm: String
    var previousAlgorithm: String?
    var algorithmChange = Change(start: .distantPast, end: .distantPast, local: true)
    var outages: [Outage] = []
    var nodeStarts: [Date]

    /// `tokens.reuse_min_remaining` in seconds: a token is handed out again only while it has that long to live.
    let reuseMinRemaining: Double

    /// `tokens.ttl` in seconds: the lifetime of a client without a `token_ttl`.
    let ttl: Int

    init(algorithm: String, nodes: Int, bound: Double = 1.5, staleIfError: Double, reuseMinRemaining: Double, ttl: Int = 3600) {
        self.ttl = ttl
        self.algorithm = algorithm
        self.bound = bound
        self.staleIfError = staleIfError
        self.reuseMinRemaining = reuseMinRemaining
        nodeStarts = Array(repeating: Date(), count: nodes)
    }

    func makeVersion(exists: Bool, secret: GeneratedSecret?, scopes: [String], audiences: [String], change: Change) -> Version {
        defer { nextGeneration += 1 }
        return Version(generation: nextGeneration, exists: exists, secret: secret?.secret ?? "", secretHash: secret?.hash ?? "",
                       scopes: scopes.sorted(), audiences: audiences.sorted(), change: change)
    }

    // MARK: time

    /// When a change is in force on `node` (nil: on every node).
    func due(_ change: Change) -> Date {
        if change.local { return change.end }
        let normal = change.start.addingTimeInterval(bound)
        let overlapping = outages.filter { $0.start < normal && ($0.end ?? .distantFuture) > change.start.addingTimeInterval(-bound) }
        guard !overlapping.isEmpty else { return normal }
        var restored = overlapping.map { $0.end ?? .distantFuture }.max()!
        // A store going down again before the change was due (within `bound` of coming back)
        // may keep hiding it: "within 1 s of the stores coming back" counts from when they stay
        // back (a node learns a hidden change when it next looks, and may not have looked yet).
        while restored < .distantFuture {
            let next = outages.filter { $0.start < restored.addingTimeInterval(bound) && ($0.end ?? .distantFuture) > restored }
            guard let later = next.map({ $0.end ?? .distantFuture }).max() else { break }
            restored = later
        }
        return min(change.start.addingTimeInterval(staleIfError + bound), restored.addingTimeInterval(bound))
    }

    /// Whether a 503 is an acceptable answer from `node` at `time`.
    func degraded(node: Int, at time: Date) -> Bool {
        if time.timeIntervalSince(nodeStarts[node]) < settle { return true }
        return outages.contains { ($0.end ?? .distantFuture).addingTimeInterval(settle) > time }
    }

    var storesDown: [String] { outages.filter { $0.end == nil }.map(\.store) }

    /// The versions of `client` a node may act on at `time`: the current one and every older one
    /// whose replacement is not yet due.
    func candidates(_ client: Client, at time: Date) -> [Version] {
        var result = [client.current]
        var index = client.versions.count - 1
        while index > 0, due(client.versions[index].change) > time {
            result.append(client.versions[index - 1])
            index -= 1
        }
        return result
    }

    enum Effect { case none, uncertain, certain }

    /// What a kill does to a token: certain for tokens issued before it began, uncertain for tokens
    /// issued while nodes may not have it yet, and within the next whole second (iat has whole
    /// seconds: a cut may round up to the second after the one it fell in).
    func effect(of kill: Kill, on token: Token) -> Effect {
        if !kill.definite { return token.issuedStart <= kill.change.end ? .uncertain : .none }
        if token.issuedEnd < kill.change.start { return .certain }
        let window = max(due(kill.change), kill.change.end.addingTimeInterval(2.1))
        return token.issuedStart <= window ? .uncertain : .none
    }

    // MARK: judging

    /// Judges a token endpoint answer; returns the contradiction, if any.
    func judgeToken(
        node: Int, clientID: String, secret: String, scopes requested: [String]?, audience: String?,
        answer: HTTPResponse, start: Date, end: Date
    ) -> String? {
        guard let client = clients[clientID], !client.unknown else { return nil }
        let versions = candidates(client, at: start)
        func expectedScopes(_ v: Version) -> [String] { requested.map { Array(Set($0)).sorted() } ?? v.scopes }
        func expectedAudiences(_ v: Version) -> [String] { audience.map { [$0] } ?? v.audiences }
        func authenticates(_ v: Version) -> Bool { v.mayAuthenticate(secret, at: start) }
        switch answer.status {
        case 200:
            guard let text = answer.accessToken, let token = try? JWTClaims(text) else { return "a 200 without a JWT: \(answer)" }
            let matching = versions.filter {
                authenticates($0) && Set(expectedScopes($0)).isSubset(of: $0.scopes) && token.scopes == expectedScopes($0)
                    && token.audiences == expectedAudiences($0) && Set(expectedAudiences($0)).isSubset(of: $0.audiences)
                    && token.exp - token.iat == ($0.ttl ?? ttl)
            }
            if token.clientID != clientID { return "a token for \(clientID) names client_id \(token.clientID)" }
            if matching.isEmpty {
                return "token \(token) for \(clientID) scope=\(requested ?? []) aud=\(audience ?? "-") matches no acceptable registration: \(versions.map(describe))"
            }
            if token.alg != algorithm, !(previousAlgorithm == token.alg && due(algorithmChange) > start) {
                return "token \(token) signed \(token.alg) after the switch to \(algorithm)"
            }
            if let old = tokens[token.jti] {
                if let revocation = old.revocation, revocation.certain, revocation.node == node || due(revocation.change) <= start {
                    return "reuse handed out revoked token \(token) (revoked on node\(revocation.node))"
                }
                for kill in client.kills where effect(of: kill, on: old) == .certain && due(kill.change) <= start {
                    return "reuse handed out \(token), killed by \(kill.what)"
                }
                // Issued under a registration that is still in force, or one the same in every
                // respect (a change undone: the same secret, scopes and audiences again).
                let issuedUnder = client.versions.filter { old.generations.contains($0.generation) }
                let same = issuedUnder.contains { was in
                    matching.contains {
                        $0.secret == was.secret && $0.scopes == was.scopes && $0.audiences == was.audiences && $0.ttl == was.ttl
                            && $0.previous.map(\.secret) == was.previous.map(\.secret)
                    }
                }
                if !same {
                    return "reuse handed out \(token), issued under a registration since changed (generations \(old.generations.sorted()), now acceptable \(matching.map(\.generation)))"
                }
                if Double(token.exp) <= end.timeIntervalSince1970 { return "reuse handed out an expired token \(token)" }
                // exp is whole seconds: one second of slack.
                let left = Double(token.exp) - start.timeIntervalSince1970
                if left < reuseMinRemaining - 1 {
                    return "reuse handed out \(token) with \(String(format: "%.1f", left)) s left, under reuse_min_remaining (\(reuseMinRemaining) s)"
                }
            } else {
                tokens[token.jti] = Token(claims: token, issuedStart: start, issuedEnd: end, node: node, generations: Set(matching.map(\.generation)))
                tokenOrder.append(token.jti)
            }
            return nil
        case 401:
            return versions.contains { !$0.mustAuthenticate(secret, until: end) } ? nil
                : "401 for \(clientID) with its secret: \(answer); \(versions.map(describe))"
        case 400 where answer.error == "invalid_scope":
            return versions.contains { authenticates($0) && !Set(expectedScopes($0)).isSubset(of: $0.scopes) } ? nil
                : "invalid_scope for \(clientID) scope=\(requested ?? []): \(versions.map(describe))"
        case 400 where answer.error == "invalid_target":
            return versions.contains { authenticates($0) && !Set(expectedAudiences($0)).isSubset(of: $0.audiences) } ? nil
                : "invalid_target for \(clientID) aud=\(audience ?? "-"): \(versions.map(describe))"
        case 503:
            return degraded(node: node, at: start) ? nil : "503 with every store up: \(answer)"
        default:
            return "unexpected token answer for \(clientID): \(answer)"
        }
    }

    /// Judges an introspection answer for a token the model knows.
    func judgeIntrospection(node: Int, token: Token, answer: HTTPResponse, start: Date) -> String? {
        guard let client = clients[token.claims.clientID], !client.unknown else { return nil }
        let now = start.timeIntervalSince1970
        var dead: String?
        var maybeDead = Double(token.claims.exp) < now + 2
        if Double(token.claims.exp) < now - 1 { dead = "expired" }
        if let revocation = token.revocation {
            maybeDead = true
            if revocation.certain, revocation.node == node || due(revocation.change) <= start { dead = "revoked on node\(revocation.node)" }
        }
        for kill in client.kills {
            switch effect(of: kill, on: token) {
            case .certain:
                maybeDead = true
                if due(kill.change) <= start { dead = "killed by \(kill.what)" }
            case .uncertain: maybeDead = true
            case .none: break
            }
        }
        switch answer.status {
        case 200:
            guard let active = answer.json["active"] as? Bool else { return "introspection without active: \(answer)" }
            if active {
                if let dead { return "\(token.claims) is active on node\(node), but \(dead)" }
                if answer.json["client_id"] as? String != token.claims.clientID || answer.json["jti"] as? String != token.claims.jti {
                    return "introspection of \(token.claims) answered another token: \(answer)"
                }
            } else if !maybeDead {
                return "\(token.claims) is inactive on node\(node), but nothing revoked, killed or expired it"
            }
            return nil
        case 503:
            return degraded(node: node, at: start) ? nil : "introspection 503 with every store up: \(answer)"
        default:
            return "unexpected introspection answer: \(answer)"
        }
    }

    func describe(_ v: Version) -> String {
        v.exists
            ? "g\(v.generation)[\(v.scopes.joined(separator: " "))|\(v.audiences.joined(separator: " "))\(v.disabled ? "|disabled" : "")\(v.ttl.map { "|ttl=\($0)" } ?? "")\(v.previous.isEmpty ? "" : "|+\(v.previous.count) previous")]"
            : "g\(v.generation)[absent]"
    }
}
