import Foundation

/// A static client of a test server, with its plaintext secret and the hash the config holds.
package struct TestClient: Sendable {
    package var id: String
    package var secret: String
    package var secretHash: String
    package var scopes: [String]
    package var audiences: [String]
    /// `introspect: true` in the config (may call /oauth/introspect).
    package var introspect = false

    package init(id: String, secret: String, secretHash: String, scopes: [String], audiences: [String]) {
        self.id = id
        self.secret = secret
        self.secretHash = secretHash
        self.scopes = scopes
        self.audiences = audiences
    }

    /// A client whose secret comes from `tessera secret generate` (fast hash).
    package static func generated(_ id: String, scopes: [String], audiences: [String]) throws -> TestClient {
        let pair = try Secrets.generate()
        return TestClient(id: id, secret: pair.secret, secretHash: pair.hash, scopes: scopes, audiences: audiences)
    }

    /// A client whose chosen secret is hashed by `tessera secret hash` (PBKDF2); `stdin` is what
    /// the command is fed (defaults to the secret itself).
    package static func hashed(_ id: String, secret: String, stdin: String? = nil, scopes: [String], audiences: [String]) throws -> TestClient {
        let hash = try Secrets.hash(stdin ?? secret)
        return TestClient(id: id, secret: secret, secretHash: hash, scopes: scopes, audiences: audiences)
    }
}

/// `tessera secret generate` and `tessera secret hash`.
package enum Secrets {
    package static func generate() throws -> (secret: String, hash: String) {
        let outcome = try TesseraBinary.run(["secret", "generate"])
        let lines = outcome.stdoutLines
        guard outcome.status == 0, lines.count == 2 else {
            throw HarnessError.unexpected("tessera secret generate: status \(outcome.status), stdout \(outcome.stdout.debugDescription), stderr \(outcome.stderr)")
        }
        return (lines[0].trimmingCharacters(in: .whitespaces), lines[1].trimmingCharacters(in: .whitespaces))
    }

    package static func hash(_ stdin: String) throws -> String {
        let outcome = try TesseraBinary.run(["secret", "hash"], stdin: stdin)
        let lines = outcome.stdoutLines
        guard outcome.status == 0, lines.count == 1 else {
            throw HarnessError.unexpected("tessera secret hash: status \(outcome.status), stdout \(outcome.stdout.debugDescription), stderr \(outcome.stderr)")
        }
        return lines[0].trimmingCharacters(in: .whitespaces)
    }
}
