import Foundation

/// A folder for key tests: config files written from YAML bodies (the `issuer`, a static client
/// `svc` that may introspect, and the limits a test's many requests need are added), nodes on
/// them, and `tessera` commands run on them. Everything goes with `remove()`.
package final class KeyTestFolder: @unchecked Sendable {
    // @unchecked: `nodes` is only changed by its test's one thread.
    package let folder: TemporaryDirectory
    package let client: TestClient
    private var nodes: [TesseraProcess] = []

    package init() throws {
        folder = try TemporaryDirectory(prefix: "tessera-keys")
        client = try .generated("svc", scopes: ["read"], audiences: ["api"])
    }

    /// Writes `name` (a config file) from `body`, the sections beyond issuer, limits and clients.
    @discardableResult
    package func write(_ name: String, _ body: String) throws -> URL {
        let yaml = """
            issuer: "https://tessera.test"
            \(body)
            limits:
              auth_failures_per_minute: 1000
            clients:
              - id: svc
                secret_hash: "\(client.secretHash)"
                scopes: [read]
                audiences: [api]
                introspect: true

            """
        let url = folder.file(name)
        try Data(yaml.utf8).write(to: url)
        return url
    }

    /// A node on the config file `name` (not started); stopped by `remove()`.
    package func node(_ name: String, config: String) -> TesseraProcess {
        let node = TesseraProcess(name: name, config: folder.file(config), directory: folder)
        nodes.append(node)
        return node
    }

    /// `tessera <arguments> --config <config>`.
    package func tessera(_ arguments: [String], config: String) throws -> TesseraBinary.Outcome {
        try TesseraBinary.run(arguments + ["--config", folder.file(config).path], timeout: 30)
    }

    package func remove() {
        for node in nodes { node.stop() }
        folder.remove()
    }
}

extension TesseraProcess {
    /// A token of `client`, or a failure naming the answer.
    package func tokenKeyID(_ client: TestClient) throws -> (token: String, kid: String) {
        let response = try token(client.id, client.secret)
        guard let token = response.accessToken, let kid = try DecodedJWT(token).kid else {
            throw HarnessError.unexpected("\(name) token: \(response)")
        }
        return (token, kid)
    }
}
