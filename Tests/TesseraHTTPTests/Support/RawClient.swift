import Foundation
import Glibc

/// A deliberately dumb HTTP/1.1 client over a blocking socket: it writes whatever bytes a test
/// gives it and reads responses framed by Content-Length. Every read has a receive timeout
/// (SO_RCVTIMEO), so no test can hang on a server that never answers.
final class RawClient {
    enum Failure: Error, Equatable {
        case connect(errno: Int32)
        case send(errno: Int32)
        /// Nothing (more) arrived within the receive timeout.
        case timedOut
        /// The server closed (EOF or reset) before a whole response arrived.
        case closed
        case malformedResponse(String)
    }

    /// What `awaitClose` saw.
    enum Ending: Equatable {
        case closed
        case timedOut
        case data([UInt8])
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeout: Duration = .seconds(3)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno: errno) }
        var tv = timeval(tv_sec: Int(timeout.components.seconds),
                         tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            // No close here: every stored property is set, so deinit runs when init throws and
            // closes the descriptor. Closing it here too would close whatever socket another test
            // had been handed that number in between.
            throw Failure.connect(errno: errno)
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends FIN: the client will write nothing more but still reads.
    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Makes the eventual close send RST instead of FIN.
    func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure.send(errno: errno) }
            sent += n
        }
    }

    /// Reads one response (1xx responses have no body; the others are framed by Content-Length).
    func readResponse() throws -> RawResponse {
        while true {
            if let response = try RawResponse.take(from: &buffer) { return response }
            switch receive() {
            case .data(let bytes): buffer += bytes
            case .closed: throw Failure.closed
            case .timedOut: throw Failure.timedOut
            }
        }
    }

    func readResponses(_ count: Int) throws -> [RawResponse] {
        try (0..<count).map { _ in try readResponse() }
    }

    /// Waits for the server to close the connection (EOF or reset), at most the receive timeout.
    /// Bytes that arrive first are returned as `.data` (buffered ones included).
    func awaitClose() -> Ending {
        if !buffer.isEmpty {
            defer { buffer.removeAll() }
            return .data(buffer)
        }
        return receive()
    }

    private func receive() -> Ending {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 { return .data(Array(chunk[0..<n])) }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timedOut
            default: return .closed
            }
        }
    }
}

/// One response as read off the wire.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The response without its Date field, for comparing two responses.
    var comparable: String {
        let fields = headers.filter { $0.name.lowercased() != "date" }.map { "\($0.name): \($0.value)" }
        return "\(status)\n\(fields.joined(separator: "\n"))\n\n\(text)"
    }

    /// Removes one whole response from the front of `buffer`, or returns nil when it is not all there.
    static func take(from buffer: inout [UInt8]) throws -> RawResponse? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = buffer.firstRange(of: terminator)?.upperBound else { return nil }
        let lines = String(decoding: buffer[0..<headEnd - 4], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw RawClient.Failure.malformedResponse(lines[0])
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw RawClient.Failure.malformedResponse(line) }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var length = 0
        if status >= 200 {
            guard let value = headers.first(where: { $0.name.lowercased() == "content-length" })?.value,
                  let parsed = Int(value) else { throw RawClient.Failure.malformedResponse("no Content-Length") }
            length = parsed
        }
        guard buffer.count >= headEnd + length else { return nil }
        let response = RawResponse(status: status, headers: headers, body: Array(buffer[headEnd..<headEnd + length]))
        buffer.removeFirst(headEnd + length)
        return response
    }
}
