import Foundation
import Glibc
import TesseraTesting

/// One `tessera serve --listen 127.0.0.1:0` child with its config in a directory of its own, run
/// by TesseraTesting's `TesseraProcess` (readiness from the listening line, always stopped with
/// SIGTERM, then SIGKILL), with the requests the tier tests make.
final class ServeProcess: @unchecked Sendable {
    let process: TesseraProcess
    var port: UInt16 { process.port }
    var pid: pid_t { process.pid }
    var directory: TemporaryDirectory { process.directory }
    var stderr: String { process.stderr }

    static func start(config: String, environment: [String: String] = [:]) throws -> ServeProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-tiers")
        let configURL = directory.file("config.yaml")
        try Data(config.utf8).write(to: configURL)
        let process = try TesseraProcess.start(
            arguments: ["serve", "--config", configURL.path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: ServerSetup(environment: environment))
        return ServeProcess(process: process)
    }

    private init(process: TesseraProcess) { self.process = process }

    func stop() { process.stop() }

    // MARK: requests

    func token(id: String, secret: String, extra: String = "") throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "POST", path: "/oauth/token", basic: (id, secret),
                           body: "grant_type=client_credentials" + extra)
    }

    func get(_ path: String) throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "GET", path: path, basic: nil, body: nil)
    }

    func post(_ path: String, id: String, secret: String, body: String) throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "POST", path: path, basic: (id, secret), body: body)
    }
}

/// One HTTP/1.1 exchange over a fresh connection (`Connection: close`), read to EOF.
struct HTTPReply {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The `access_token` of a token response.
    var accessToken: String? {
        guard let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["access_token"] as? String
    }

    var json: [String: Any] {
        guard let data = body.data(using: .utf8) else { return [:] }
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static func send(port: UInt16, method: String, path: String, basic: (String, String)?, body: String?) throws -> HTTPReply {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let (id, secret) = basic {
            request += "Authorization: Basic \(Data("\(formEncode(id)):\(formEncode(secret))".utf8).base64EncodedString())\r\n"
        }
        if let body {
            request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            request += "\r\n"
        }
        let response = try RawClient.oneShot(port: port, request)
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw HarnessError.malformedResponse(text) }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HarnessError.malformedResponse(head[0]) }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return HTTPReply(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
