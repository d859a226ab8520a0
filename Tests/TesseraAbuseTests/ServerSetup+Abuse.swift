import Foundation
import TesseraTesting

extension ServerSetup {
    /// Short timeouts, so that slow and silent connections are cut within the test's time.
    static func abuse() throws -> ServerSetup {
        ServerSetup(
            sections: ["server": ["request_timeout: 2s", "idle_timeout: 3s", "max_header_bytes: 8192"]],
            clients: [try .generated("normal", scopes: ["read"], audiences: ["api"])]
        )
    }

    /// A small `max_connections`, to flood far past it.
    static func fewConnectionsForFlood() throws -> ServerSetup {
        ServerSetup(
            sections: ["server": ["max_connections: 40", "request_timeout: 2s", "idle_timeout: 3s"]],
            clients: [try .generated("normal", scopes: ["read"], audiences: ["api"])]
        )
    }

    /// A PBKDF2-hashed client without the per-client failure limit, so that only the global cap
    /// on slow hashes stands between a flood of wrong secrets and the CPU.
    static func slowHashFlood() throws -> ServerSetup {
        ServerSetup(
            sections: ["limits": ["auth_failures_per_minute: 0", "auth_failures_per_minute_per_client: 0"]],
            clients: [
                try .generated("normal", scopes: ["read"], audiences: ["api"]),
                try .hashed("slow", secret: HashFloodTests.secret, scopes: ["read"], audiences: ["api"]),
            ]
        )
    }
}
