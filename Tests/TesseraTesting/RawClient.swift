import Glibc
import Foundation

/// A blocking TCP client to 127.0.0.1 that writes arbitrary bytes and reads HTTP responses.
/// Every read and write is bounded by a socket timeout, so nothing in a test can hang.
/// The one raw client of every test target: the spawned-server suites and the in-process
/// TesseraHTTP server tests (which turn on `strictFraming`).
package final class RawClient {
    package let fd: Int32
    /// Bytes received and not yet consumed by a parsed response.
    package private(set) var buffer: [UInt8] = []
    /// `readResponse` also requires an `HTTP/1.1` status line and a Content-Length on every final
    /// response (TesseraHTTP always writes both); off, a missing Content-Length means no body.
    package var strictFraming = false
    private var isClosed = false

    package init(port: UInt16, timeout: Double = 5) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.socket("socket: \(String(cString: strerror(errno)))") }
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setTimeout(timeout)  // SO_SNDTIMEO also bounds connect on Linux
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            // No close here: every stored property is set, so deinit runs when init throws and
            // closes the descriptor. Closing it here too would close whatever socket another test
            // had been handed that number in between.
            throw HarnessError.connect(port: port, errno: errno)
        }
    }

    /// `timeout` as a Duration (the TesseraHTTP server tests count in Durations).
    package convenience init(port: UInt16, timeout: Duration) throws {
        let (seconds, attoseconds) = timeout.components
        try self.init(port: port, timeout: Double(seconds) + Double(attoseconds) / 1e18)
    }

    deinit { close() }

    package func close() {
        if !isClosed {
            isClosed = true
            Glibc.close(fd)
        }
    }

    /// Sets both the receive and send timeouts.
    package func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends FIN: the client will write nothing more but still reads.
    package func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Makes the eventual close send RST instead of FIN.
    package func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    package func write(_ string: String) throws { try write(Array(string.utf8)) }

    package func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw HarnessError.timedOut("send") }
                throw HarnessError.socket("send: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    package enum ReadResult { case data(Int), closed, timedOut }

    /// One recv into `buffer`. A reset counts as closed.
    package func fill() -> ReadResult {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return .data(n)
            }
            if n == 0 { return .closed }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
            return .closed  // ECONNRESET and friends
        }
    }

    /// Reads one whole response (an interim 1xx counts as one). Throws on timeout or close.
    package func readResponse() throws -> HTTPResponse {
        while true {
            if let (response, consumed) = try HTTPResponse.parse(buffer, strict: strictFraming) {
                buffer.removeFirst(consumed)
                return response
            }
            switch fill() {
            case .data: continue
            case .closed: throw HarnessError.closed("after \(buffer.count) bytes of a response: \(String(decoding: buffer.prefix(200), as: UTF8.self).debugDescription)")
            case .timedOut: throw HarnessError.timedOut("waiting for a response (have \(buffer.count) bytes)")
            }
        }
    }

    package func readResponses(_ count: Int) throws -> [HTTPResponse] {
        try (0..<count).map { _ in try readResponse() }
    }

    /// What `awaitClose` saw.
    package enum Ending: Equatable {
        case closed
        case timedOut
        case data([UInt8])
    }

    /// Waits one receive timeout for the server to close (EOF or reset). Bytes that arrive first,
    /// or were buffered and not yet read as a response, are handed back as `.data`.
    package func awaitClose() -> Ending {
        if buffer.isEmpty {
            switch fill() {
            case .closed: return .closed
            case .timedOut: return .timedOut
            case .data: break
            }
        }
        defer { buffer.removeAll() }
        return .data(buffer)
    }

    /// Reads until the peer closes or `timeout` passes; true when it closed.
    package func waitForClose(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            setTimeout(max(0.05, min(0.5, deadline.timeIntervalSinceNow)))
            switch fill() {
            case .closed: return true
            case .data, .timedOut: continue
            }
        }
        return false
    }

    /// Sends one request and reads its response.
    package func exchange(_ request: String) throws -> HTTPResponse {
        try write(request)
        return try readResponse()
    }
}
