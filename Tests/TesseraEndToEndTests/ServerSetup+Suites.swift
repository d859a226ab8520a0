import Foundation
import TesseraTesting

/// The configuration of each suite's server. (Kept outside the suite types: a `@Suite` trait
/// may not refer to the type it is attached to.)
extension ServerSetup {
    /// Defaults (EdDSA, reuse on); fast-hashed clients plus three PBKDF2 ones.
    static func main() throws -> ServerSetup {
        ServerSetup(clients: [
            try .generated("alpha", scopes: ["read", "write"], audiences: ["api"]),
            try .generated("multi", scopes: ["read", "write", "delete"], audiences: ["api", "billing"]),
            try .generated("failing", scopes: ["read"], audiences: ["api"]),
            try .hashed(MainServer.reservedID, secret: MainServer.reservedSecret, scopes: ["read"], audiences: ["api"]),
            try .hashed("pbkdf2", secret: MainServer.pbkdf2Secret, scopes: ["read"], audiences: ["api"]),
            try .hashed(
                "newline", secret: MainServer.newlineSecret, stdin: MainServer.newlineSecret + "\n",
                scopes: ["read"], audiences: ["api"]
            ),
        ])
    }

    /// HS256 from an environment variable, a 5 minute ttl, reuse off, a default audience.
    static func hs256() throws -> ServerSetup {
        ServerSetup(
            sections: [
                "tokens": ["algorithm: HS256", "ttl: 5m", "reuse: false", "default_audience: [gateway]"],
                "keys": [#"hs256_secret: "${TESSERA_TEST_HS}""#],
            ],
            clients: [try .generated("hs", scopes: ["read", "write"], audiences: ["api", "gateway"])],
            environment: ["TESSERA_TEST_HS": HS256ServerTests.secret]
        )
    }

    static func connectionLimits() throws -> ServerSetup {
        ServerSetup(
            // idle_timeout as a bare number of seconds.
            sections: ["server": ["request_timeout: 1s", "idle_timeout: 2"]],
            clients: [try .generated("alpha", scopes: ["read"], audiences: ["api"])]
        )
    }

    static func rateLimited() throws -> ServerSetup {
        ServerSetup(
            sections: ["limits": ["per_client_rps: 1", "per_client_burst: 0"]],
            clients: [
                try .generated("limited", scopes: ["read"], audiences: ["api"]),
                try .generated("bystander", scopes: ["read"], audiences: ["api"]),
            ]
        )
    }

    static func authFailureLimited() throws -> ServerSetup {
        ServerSetup(
            sections: ["limits": ["auth_failures_per_minute: 3"]],
            clients: [
                try .generated("locked", scopes: ["read"], audiences: ["api"]),
                try .generated("bystander", scopes: ["read"], audiences: ["api"]),
            ]
        )
    }

    /// Short-lived tokens so reuse_min_remaining can be watched.
    static func shortTTL() throws -> ServerSetup {
        ServerSetup(
            sections: ["tokens": ["ttl: 6s", "reuse: true", "reuse_min_remaining: 3s"]],
            clients: [try .generated("brief", scopes: ["read"], audiences: ["api"])]
        )
    }

    static func fewConnections() throws -> ServerSetup {
        ServerSetup(sections: ["server": ["max_connections: 8"]])
    }

    static func reloadable() throws -> ServerSetup {
        ServerSetup(clients: [try .generated("first", scopes: ["read"], audiences: ["api"])])
    }
}
