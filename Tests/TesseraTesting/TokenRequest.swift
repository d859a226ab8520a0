import Foundation

/// Builds raw token-endpoint requests: form bodies and both client authentication methods.
package struct TokenRequest {
    package enum Authentication {
        case none
        /// client_secret_basic: id and secret form-urlencoded, joined by `:`, base64 (RFC 6749 §2.3.1).
        case basic(id: String, secret: String)
        /// client_secret_post: `client_id` and `client_secret` in the body.
        case post(id: String, secret: String)
        /// Both at once (an invalid_request).
        case both(id: String, secret: String)
    }

    package var form: [(String, String)] = [("grant_type", "client_credentials")]
    package var authentication: Authentication = .none
    package var contentType: String? = "application/x-www-form-urlencoded"
    package var path = "/oauth/token"
    package var extraHeaders: [String] = []
    /// Raw body used instead of the encoded `form` (plus any post credentials).
    package var rawBody: String?

    package init(_ authentication: Authentication = .none, scope: String? = nil, audiences: [String] = [], form: [(String, String)]? = nil) {
        self.authentication = authentication
        if let form { self.form = form }
        if let scope { self.form.append(("scope", scope)) }
        for audience in audiences { self.form.append(("audience", audience)) }
    }

    package static func basic(_ client: TestClient, scope: String? = nil, audiences: [String] = []) -> TokenRequest {
        TokenRequest(.basic(id: client.id, secret: client.secret), scope: scope, audiences: audiences)
    }

    package static func post(_ client: TestClient, scope: String? = nil, audiences: [String] = []) -> TokenRequest {
        TokenRequest(.post(id: client.id, secret: client.secret), scope: scope, audiences: audiences)
    }

    package var body: String {
        if let rawBody { return rawBody }
        var pairs = form
        switch authentication {
        case let .post(id, secret), let .both(id, secret):
            pairs.append(("client_id", id))
            pairs.append(("client_secret", secret))
        case .none, .basic: break
        }
        return pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
    }

    /// The whole request as bytes on the wire.
    package var text: String {
        let body = self.body
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        switch authentication {
        case let .basic(id, secret), let .both(id, secret):
            head += "Authorization: \(Self.basicAuthorization(id: id, secret: secret))\r\n"
        case .none, .post: break
        }
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for header in extraHeaders { head += header + "\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        return head + body
    }

    package static func basicAuthorization(id: String, secret: String) -> String {
        "Basic " + Data("\(formEncode(id)):\(formEncode(secret))".utf8).base64EncodedString()
    }

    /// application/x-www-form-urlencoded: ALPHA / DIGIT / `*-._` stay, space is `+`, the rest %XX.
    package static func formEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"),
                 UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A bodyless request (`GET /healthz`).
    package static func simple(_ method: String, _ path: String, version: String = "HTTP/1.1", headers: [String] = []) -> String {
        var head = "\(method) \(path) \(version)\r\nHost: 127.0.0.1\r\n"
        for header in headers { head += header + "\r\n" }
        return head + "\r\n"
    }
}

extension TesseraProcess {
    /// One request on a fresh connection.
    package func send(_ request: String, timeout: Double = 10) throws -> HTTPResponse {
        let client = try RawClient(port: port, timeout: timeout)
        defer { client.close() }
        return try client.exchange(request)
    }

    package func send(_ request: TokenRequest, timeout: Double = 10) throws -> HTTPResponse {
        try send(request.text, timeout: timeout)
    }

    /// Each request on a fresh connection, all written before any answer is read: refusals, which
    /// the server answers no earlier than its failure floor, overlap instead of adding up.
    package func sendAll(_ requests: [TokenRequest], timeout: Double = 10) throws -> [HTTPResponse] {
        var clients: [RawClient] = []
        defer { clients.forEach { $0.close() } }
        for request in requests {
            let client = try RawClient(port: port, timeout: timeout)
            clients.append(client)
            try client.write(request.text)
        }
        return try clients.map { try $0.readResponse() }
    }

    package func get(_ path: String) throws -> HTTPResponse {
        try send(TokenRequest.simple("GET", path))
    }
}
