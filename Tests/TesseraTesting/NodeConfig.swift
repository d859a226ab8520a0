import Foundation

/// A config.yaml for a node under test, written from the contract's keys. Keys left nil are
/// omitted (the node's defaults apply).
package struct NodeConfig {
    package struct Client {
        package var id: String
        package var secretHash: String
        package var scopes: [String]
        package var audiences: [String]
        package var introspect: Bool

        package init(id: String, secretHash: String, scopes: [String], audiences: [String], introspect: Bool = false) {
            self.id = id
            self.secretHash = secretHash
            self.scopes = scopes
            self.audiences = audiences
            self.introspect = introspect
        }
    }

    package var issuer = "https://tessera.test"
    package var algorithm = "EdDSA"
    package var ttl: String? = nil
    package var reuse: Bool? = nil
    package var reuseMinRemaining: String? = nil
    package var defaultAudience: [String]? = nil
    package var keysDirectory: String
    package var hs256Secret: String? = nil
    /// `keys.rotation` as a YAML flow map, e.g. `{every: 1s, publish_ahead: 2s}`.
    package var keysRotation: String? = nil
    package var stateDirectory: String? = nil
    package var localTTL: String? = nil
    package var staleIfError: String? = nil
    package var redisURL: String? = nil
    package var redisTimeout = "100ms"
    package var databaseURL: String? = nil
    package var waitTimeout = "200ms"
    package var authFailuresPerMinute = 1000
    /// `limits.per_client_rps` and `per_client_burst` (nil: the node's default, no limit).
    package var perClientRPS: Int? = nil
    package var perClientBurst: Int? = nil
    package var clients: [Client] = []
    /// The `status_list:` section's body as flow YAML (`{ttl: 1s}`); nil: no status list.
    package var statusList: String? = nil
    /// `admin.listen` (nil: no admin listener).
    package var adminListen: String? = nil

    package init(keysDirectory: String) { self.keysDirectory = keysDirectory }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\x%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }

    package func yaml() -> String {
        var text = "issuer: \(Self.quoted(issuer))\ntokens:\n  algorithm: \(algorithm)\n"
        if let ttl { text += "  ttl: \(ttl)\n" }
        if let reuse { text += "  reuse: \(reuse)\n" }
        if let reuseMinRemaining { text += "  reuse_min_remaining: \(reuseMinRemaining)\n" }
        if let defaultAudience { text += "  default_audience: \(Self.list(defaultAudience))\n" }
        text += "keys:\n  directory: \(Self.quoted(keysDirectory))\n"
        if let hs256Secret { text += "  hs256_secret: \(Self.quoted(hs256Secret))\n" }
        if let keysRotation { text += "  rotation: \(keysRotation)\n" }
        if let stateDirectory { text += "state:\n  directory: \(Self.quoted(stateDirectory))\n" }
        text += "cache:\n  local:\n    capacity: 1000\n"
        if let localTTL { text += "    ttl: \(localTTL)\n" }
        if let staleIfError { text += "    stale_if_error: \(staleIfError)\n" }
        if let redisURL { text += "  redis:\n    url: \(Self.quoted(redisURL))\n    pool_size: 4\n    timeout: \(redisTimeout)\n" }
        if let databaseURL {
            text += "database:\n  url: \(Self.quoted(databaseURL))\n  max_open_conns: 4\n  max_idle_conns: 2\n  wait_timeout: \(waitTimeout)\n"
        }
        text += "limits:\n  auth_failures_per_minute: \(authFailuresPerMinute)\n"
        // Every node of a test shares one address: the limit across addresses must not come first.
        text += "  auth_failures_per_minute_per_client: \(authFailuresPerMinute * 10)\n"
        if let perClientRPS { text += "  per_client_rps: \(perClientRPS)\n" }
        if let perClientBurst { text += "  per_client_burst: \(perClientBurst)\n" }
        if let statusList { text += "status_list: \(statusList)\n" }
        if let adminListen { text += "admin:\n  listen: \(Self.quoted(adminListen))\n" }
        if clients.isEmpty {
            text += "clients: []\n"
        } else {
            text += "clients:\n"
            for client in clients {
                text += "  - id: \(Self.quoted(client.id))\n    secret_hash: \(Self.quoted(client.secretHash))\n"
                text += "    scopes: \(Self.list(client.scopes))\n    audiences: \(Self.list(client.audiences))\n"
                text += "    introspect: \(client.introspect)\n"
            }
        }
        return text
    }
}

/// A client secret and its hash, from `tessera secret generate`.
package struct GeneratedSecret: Sendable {
    package let secret: String
    package let hash: String

    package static func make() throws -> GeneratedSecret {
        let outcome = try TesseraBinary.run(["secret", "generate"], timeout: 30)
        let lines = outcome.stdoutLines
        guard outcome.status == 0, lines.count >= 2 else { throw HarnessError.unexpected("tessera secret generate: \(outcome)") }
        return GeneratedSecret(secret: lines[0], hash: lines[1])
    }
}
