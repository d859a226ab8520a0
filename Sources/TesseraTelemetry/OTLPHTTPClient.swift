import Glibc
import TesseraCore

/// Posts one OTLP/HTTP request with a plain socket (no SwiftNIO): connect, write, read the
/// status line and headers (and the body, when its length is given), all within one deadline,
/// on a fresh connection closed afterwards. Runs only on the exporter's thread.
package enum OTLPHTTPClient {
    package enum Failure: Error, Equatable, CustomStringConvertible {
        case resolve(String)
        case connect(Int32)
        case timeout
        case closed
        case malformedResponse
        case status(Int)

        package var description: String {
            switch self {
            case .resolve(let reason): "cannot resolve the collector's host: \(reason)"
            case .connect(let code): "cannot connect to the collector: \(String(cString: strerror(code)))"
            case .timeout: "the collector did not answer in time"
            case .closed: "the collector closed the connection before answering"
            case .malformedResponse: "the collector's answer is not HTTP"
            case .status(let status): "the collector answered \(status)"
            }
        }
    }

    /// Posts `body`; returns normally only for a 2xx answer received whole.
    package static func post(_ body: [UInt8], to endpoint: OTLPEndpoint, timeout: Duration) throws(Failure) {
        let deadline = MonotonicInstant.now() + timeout
        let fd = try connect(endpoint, deadline: deadline)
        defer { close(fd) }
        var request = Array("POST \(endpoint.path) HTTP/1.1\r\nHost: \(endpoint.authority)\r\n".utf8)
        request += Array("Content-Type: application/x-protobuf\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request += body
        try send(fd, request, deadline: deadline)
        try readResponse(fd, deadline: deadline)
    }

    private static func connect(_ endpoint: OTLPEndpoint, deadline: MonotonicInstant) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard rc == 0, let first = list else { throw .resolve(String(cString: gai_strerror(rc))) }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = errno; continue }
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else { lastError = errno; close(fd); continue }
            do {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline)
            } catch {
                close(fd)
                throw error
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            if code == 0 { return fd }
            lastError = code
            close(fd)
        }
        throw .connect(lastError)
    }

    private static func wait(_ fd: Int32, for events: Int16, deadline: MonotonicInstant) throws(Failure) {
        while true {
            let now = MonotonicInstant.now()
            guard now < deadline else { throw .timeout }
            var poller = pollfd(fd: fd, events: events, revents: 0)
            let millis = Int32(min(deadline.duration(since: now).nanoseconds / 1_000_000 + 1, 60_000))
            let n = poll(&poller, 1, millis)
            if n > 0 { return }
            if n < 0 && errno != EINTR { throw .closed }
        }
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8], deadline: MonotonicInstant) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw .closed
            }
        }
    }

    /// Reads until the headers and any announced body are in; at most 64 KiB.
    private static func readResponse(_ fd: Int32, deadline: MonotonicInstant) throws(Failure) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var count = 0
        var status: Int?
        var needed: Int?
        while true {
            if let status, let needed, count >= needed {
                guard (200..<300).contains(status) else { throw .status(status) }
                return
            }
            guard count < buffer.count else {
                if let status, (200..<300).contains(status) { return }
                throw .malformedResponse
            }
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + count, raw.count - count) }
            if n > 0 {
                count += n
                if status == nil, let head = headEnd(buffer, count) {
                    let parsed = try parseHead(buffer, head)
                    status = parsed.status
                    // Without Content-Length the body ends with the connection (Connection: close).
                    needed = parsed.contentLength.map { head + $0 }
                }
            } else if n == 0 {
                guard let status, needed == nil else { throw .closed }
                guard (200..<300).contains(status) else { throw .status(status) }
                return
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(fd, for: Int16(POLLIN), deadline: deadline)
            } else if errno != EINTR {
                throw .closed
            }
        }
    }

    static func headEnd(_ buffer: [UInt8], _ count: Int) -> Int? {
        guard count >= 4 else { return nil }
        for index in 3..<count where buffer[index] == 0x0A && buffer[index - 1] == 0x0D
            && buffer[index - 2] == 0x0A && buffer[index - 3] == 0x0D {
            return index + 1
        }
        return nil
    }

    static func parseHead(_ buffer: [UInt8], _ end: Int) throws(Failure) -> (status: Int, contentLength: Int?) {
        let text = String(decoding: buffer[0..<end], as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let first = lines.first, first.hasPrefix("HTTP/1."), first.count >= 12 else { throw .malformedResponse }
        let code = first.dropFirst(9).prefix(3)
        guard code.count == 3, let status = Int(code) else { throw .malformedResponse }
        var length: Int?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[line.startIndex..<colon].lowercased() == "content-length" {
                length = Int(line[line.index(after: colon)...].trimmingCharacters())
            }
        }
        return (status, length)
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
