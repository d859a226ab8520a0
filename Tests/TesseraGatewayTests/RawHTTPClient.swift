import Foundation
import TesseraTesting

/// One request per connection over a plain loopback socket (`Connection: close`), read to EOF.
/// Enough for the gateway tests; no Foundation networking, no redirects, no retries. The answer
/// is TesseraTesting's `HTTPResponse`.
struct RawHTTPClient {
    let port: Int

    func get(_ path: String) throws -> HTTPResponse {
        try send("GET \(path) HTTP/1.1\r\nHost: tessera.test\r\nConnection: close\r\n\r\n")
    }

    /// POSTs a form; `basic` is (id, secret) for `client_secret_basic`.
    func post(_ path: String, form: [(String, String)], basic: (String, String)? = nil, authorization: String? = nil,
              headers: [(String, String)] = []) throws -> HTTPResponse {
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        var head = "POST \(path) HTTP/1.1\r\nHost: tessera.test\r\nConnection: close\r\n"
        head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
        if let (id, secret) = basic {
            let credentials = Self.formEncode(id) + ":" + Self.formEncode(secret)
            head += "Authorization: Basic \(Data(credentials.utf8).base64EncodedString())\r\n"
        }
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return try send(head + "\r\n" + body)
    }

    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(Character(Unicode.Scalar(byte)))
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    private func send(_ request: String) throws -> HTTPResponse {
        try HTTPExchange.parse(try RawClient.oneShot(port: UInt16(port), request), request: request.components(separatedBy: "\r\n")[0])
    }
}
