import Foundation

/// A server started from a `ServerSetup` or a config text, and the one-shot requests (`HTTPResponse`, a fresh
/// `Connection: close` connection each) the tier and cluster tests make of it.
extension TesseraProcess {
    /// Writes `setup` as config.yaml into a fresh directory and runs
    /// `tessera serve --config <file> --listen 127.0.0.1:0`.
    package static func start(_ setup: ServerSetup) throws -> TesseraProcess {
        try start(config: setup.yaml(), setup: setup)
    }

    static func start(config: String, setup: ServerSetup) throws -> TesseraProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-serve")
        let file = directory.file("config.yaml")
        try Data(config.utf8).write(to: file)
        return try start(arguments: serve(file), directory: directory, setup: setup)
    }

    /// Writes `config` as config.yaml into a fresh directory and runs
    /// `tessera serve --config <file> --listen 127.0.0.1:0` with `environment` over this process's.
    package static func start(config: String, environment: [String: String] = [:]) throws -> TesseraProcess {
        try start(config: config, setup: ServerSetup(environment: environment))
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
    package func token(id: String, secret: String, extra: String = "") throws -> HTTPResponse {
        try HTTPExchange.send(port: port, method: "POST", path: "/oauth/token", basic: (id, secret),
                              body: "grant_type=client_credentials" + extra)
    }

    /// POST /oauth/token with client_secret_basic (or client_secret_post when `post`).
    package func token(
        _ id: String, _ secret: String, scope: String? = nil, audiences: [String] = [], post: Bool = false
    ) throws -> HTTPResponse {
        var pairs = [("grant_type", "client_credentials")]
        if post { pairs += [("client_id", id), ("client_secret", secret)] }
        if let scope { pairs.append(("scope", scope)) }
        pairs += audiences.map { ("audience", $0) }
        return try HTTPExchange.send(
            port: port, method: "POST", path: "/oauth/token", headers: post ? [] : [HTTPExchange.basic(id, secret)],
            body: HTTPExchange.form(pairs))
    }

    /// GET `path` as a one-shot exchange (`get` answers the wire-level `HTTPResponse`).
    package func fetch(_ path: String) throws -> HTTPResponse {
        try HTTPExchange.send(port: port, method: "GET", path: path, basic: nil, body: nil)
    }

    /// POST with a raw form body, authenticating with Basic when `basic` is given.
    package func post(_ path: String, body: String, basic: (String, String)? = nil) throws -> HTTPResponse {
        try HTTPExchange.send(port: port, method: "POST", path: path, basic: basic, body: body)
    }

    package func introspect(_ token: String, as caller: (String, String)) throws -> HTTPResponse {
        try post("/oauth/introspect", body: HTTPExchange.form([("token", token)]), basic: caller)
    }

    package func revoke(_ token: String, as owner: (String, String)) throws -> HTTPResponse {
        try post("/oauth/revoke", body: HTTPExchange.form([("token", token)]), basic: owner)
    }
}

extension HTTPExchange {
    /// One request, with `client_secret_basic` credentials when `basic` is given.
    package static func send(port: UInt16, method: String, path: String, basic: (String, String)?, body: String?) throws -> HTTPResponse {
        try send(port: port, method: method, path: path, headers: basic.map { [Self.basic($0.0, $0.1)] } ?? [], body: body)
    }
}
