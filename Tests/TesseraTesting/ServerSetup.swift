import Foundation

/// What a test server is started with: config sections as YAML lines, static clients, and
/// extra environment variables for the child.
package struct ServerSetup: Sendable {
    package static let issuer = "https://tessera.test"

    package var issuer: String = ServerSetup.issuer
    /// Section name -> lines inside it (without indentation), e.g. `"tokens": ["reuse: false"]`.
    /// `keys.directory` is always `./keys` (inside the server's temporary directory).
    package var sections: [String: [String]] = [:]
    package var clients: [TestClient] = []
    package var environment: [String: String] = [:]

    package init(issuer: String = ServerSetup.issuer, sections: [String: [String]] = [:], clients: [TestClient] = [], environment: [String: String] = [:]) {
        self.issuer = issuer
        self.sections = sections
        self.clients = clients
        self.environment = environment
    }

    package func client(_ id: String) -> TestClient {
        guard let client = clients.first(where: { $0.id == id }) else { fatalError("no test client \(id)") }
        return client
    }

    package func yaml() -> String {
        var out = "issuer: \(Self.quoted(issuer))\n"
        var sections = self.sections
        sections["keys", default: []].insert("directory: ./keys", at: 0)
        for name in sections.keys.sorted() {
            out += "\(name):\n"
            for line in sections[name]! { out += "  \(line)\n" }
        }
        if !clients.isEmpty {
            out += "clients:\n"
            for client in clients {
                out += "  - id: \(Self.quoted(client.id))\n"
                out += "    secret_hash: \(Self.quoted(client.secretHash))\n"
                out += "    scopes: [\(client.scopes.map(Self.quoted).joined(separator: ", "))]\n"
                out += "    audiences: [\(client.audiences.map(Self.quoted).joined(separator: ", "))]\n"
                if client.introspect { out += "    introspect: true\n" }
            }
        }
        return out
    }

    /// A YAML double-quoted scalar.
    package static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
