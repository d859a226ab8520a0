import Foundation
import Glibc

/// One HTTP/1.1 request over a fresh loopback connection (`Connection: close`), its response read
/// to EOF. Every read and write is bounded by a socket timeout. The answer is an `HTTPResponse`.
package enum HTTPExchange {
    /// `Authorization: Basic` for an id and secret, form-urlencoded first (RFC 6749 §2.3.1).
    package static func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(formEncode(id)):\(formEncode(secret))".utf8).base64EncodedString())
    }

    /// application/x-www-form-urlencoded encoding of one value.
    package static func formEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A form body from pairs, each value form-encoded.
    package static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&")
    }

    package static func send(
        port: UInt16, method: String, path: String, headers: [(String, String)] = [], body: String? = nil,
        timeout: Int = 10
    ) throws -> HTTPResponse {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body {
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                request += "Content-Type: application/x-www-form-urlencoded\r\n"
            }
            request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        let response: [UInt8]
        do {
            response = try RawClient.oneShot(port: port, request, timeout: Double(timeout))
        } catch HarnessError.timedOut {
            throw HarnessError.timedOut("\(method) \(path) on port \(port): no complete response within \(timeout) s")
        }
        return try parse(response, request: "\(method) \(path)")
    }

    /// The response in `bytes` (read to EOF); `request` names it in errors.
    package static func parse(_ bytes: [UInt8], request: String) throws -> HTTPResponse {
        do {
            if let response = try HTTPResponse.parse(toEOF: bytes) { return response }
        } catch HarnessError.malformedResponse(let what) {
            throw HarnessError.malformedResponse("\(request): \(what)")
        }
        throw HarnessError.malformedResponse("\(request): \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)")
    }
}
