import Foundation

/// The admin API of a node, as a caller with (or without) a Bearer token: one request per
/// connection, JSON in and out.
package struct AdminCaller: Sendable {
    package let port: UInt16
    package var token: String?

    package init(port: UInt16, token: String? = nil) {
        self.port = port
        self.token = token
    }

    /// The admin port of a node's stdout (`tessera admin listening on http://HOST:PORT`).
    package static func port(in stdout: String) -> UInt16? {
        for line in stdout.split(separator: "\n") where line.hasPrefix("tessera admin listening on http") {
            guard let colon = line.lastIndex(of: ":") else { continue }
            return UInt16(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// An access token for `admin.audience` from the node's public port.
    package static func token(port: UInt16, id: String, secret: String, scope: String, audience: String = "tessera-admin") throws -> String {
        let reply = try HTTPExchange.send(
            port: port, method: "POST", path: "/oauth/token", headers: [HTTPExchange.basic(id, secret)],
            body: HTTPExchange.form([("grant_type", "client_credentials"), ("scope", scope), ("audience", audience)]))
        guard reply.status == 200, let token = reply.accessToken else { throw HarnessError.unexpected("admin token for \(id): \(reply)") }
        return token
    }

    package func send(_ method: String, _ path: String, json: String? = nil, headers: [(String, String)] = []) throws -> HTTPResponse {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        if json != nil { all.append(("Content-Type", "application/json")) }
        return try HTTPExchange.send(port: port, method: method, path: path, headers: all, body: json)
    }

    /// The members of a JSON object answer's array member `name`.
    package static func objects(_ reply: HTTPResponse, _ name: String) -> [[String: Any]] {
        reply.json[name] as? [[String: Any]] ?? []
    }
}
