import Foundation
import Glibc
import TesseraTesting

/// One `tessera serve --listen 127.0.0.1:0` child with its config in a directory of its own;
/// always stopped with SIGTERM (then SIGKILL).
final class ServeProcess: @unchecked Sendable {
    let port: UInt16
    let pid: pid_t
    let directory: TemporaryDirectory
    private var stopped = false

    var stderr: String { (try? String(contentsOf: directory.file("stderr.log"), encoding: .utf8)) ?? "" }

    static func start(config: String, environment: [String: String] = [:]) throws -> ServeProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-tiers")
        let configURL = directory.file("config.yaml")
        try Data(config.utf8).write(to: configURL)
        let out = directory.file("stdout.log")
        let err = directory.file("stderr.log")
        let pid = try Spawn.start(
            try TesseraBinary.require(), ["serve", "--config", configURL.path, "--listen", "127.0.0.1:0"],
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory.url.path, stdin: "/dev/null", stdout: out.path, stderr: err.path)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tessera listening on http://") }),
                let colon = line.lastIndex(of: ":"), let port = UInt16(line[line.index(after: colon)...])
            {
                return ServeProcess(port: port, pid: pid, directory: directory)
            }
            if let exit = Spawn.poll(pid) {
                throw HarnessError.startFailed("\(exit); stderr: \((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
            }
            usleep(10_000)
        }
        _ = Spawn.kill(pid)
        throw HarnessError.startFailed("no listening line within 20 s")
    }

    private init(port: UInt16, pid: pid_t, directory: TemporaryDirectory) {
        self.port = port
        self.pid = pid
        self.directory = directory
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        if Spawn.wait(pid, timeout: 12) == nil { _ = Spawn.kill(pid) }
        directory.remove()
    }

    deinit { stop() }

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
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.socket("socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw HarnessError.socket("connect to \(port): \(String(cString: strerror(errno)))") }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw HarnessError.socket("send") }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
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
