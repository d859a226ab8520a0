import Foundation

/// A server started from a config text, and the one-shot requests (`HTTPExchange`, a fresh
/// `Connection: close` connection each) the tier and cluster tests make of it.
extension TesseraProcess {
    /// Writes `config` as config.yaml into a fresh directory and runs
    /// `tessera serve --config <file> --listen 127.0.0.1:0` with `environment` over this process's.
    package static func start(config: String, environment: [String: String] = [:]) throws -> TesseraProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-serve")
        let configURL = directory.file("config.yaml")
        try Data(config.utf8).write(to: configURL)
        return try start(
            arguments: ["serve", "--config", configURL.path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: ServerSetup(environment: environment))
    }

    /// Waits for the node's subscription to the invalidation channel, which on (re)subscribing
    /// drops every client entry in Redis (a test that reads another node's Redis fill must not
    /// let that drop land after the fill), and for its recorded revocations read back: both happen
    /// in the background after the listening line, and until the revocations are read a node
    /// hands no token out again (a request gets a fresh one) and `/readyz` answers 503.
    package func waitUntilSubscribed(timeout: Double = 10) -> Bool {
        eventually(timeout: timeout, interval: 0.01) {
            let log = self.stderr
            return log.contains("invalidation channel subscribed") && log.contains("recorded revocations loaded")
        }
    }

    /// POST /oauth/token with client_secret_basic; `extra` is appended to the form body.
    package func token(id: String, secret: String, extra: String = "") throws -> HTTPExchange {
        try HTTPExchange.send(port: port, method: "POST", path: "/oauth/token", basic: (id, secret),
                              body: "grant_type=client_credentials" + extra)
    }

    /// GET `path` as a one-shot exchange (`get` answers the wire-level `HTTPResponse`).
    package func fetch(_ path: String) throws -> HTTPExchange {
        try HTTPExchange.send(port: port, method: "GET", path: path, basic: nil, body: nil)
    }

    package func post(_ path: String, id: String, secret: String, body: String) throws -> HTTPExchange {
        try HTTPExchange.send(port: port, method: "POST", path: path, basic: (id, secret), body: body)
    }

    package func introspect(id: String, secret: String, token: String) throws -> HTTPExchange {
        try post("/oauth/introspect", id: id, secret: secret, body: "token=\(token)")
    }
}

extension HTTPExchange {
    /// One request, with `client_secret_basic` credentials when `basic` is given.
    package static func send(port: UInt16, method: String, path: String, basic: (String, String)?, body: String?) throws -> HTTPExchange {
        try send(port: port, method: method, path: path, headers: basic.map { [Self.basic($0.0, $0.1)] } ?? [], body: body)
    }
}
