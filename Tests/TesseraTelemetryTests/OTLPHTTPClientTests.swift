import Glibc
import Testing
import TesseraTelemetry

/// The exporter's HTTP client against collectors that misbehave: each failure is reported as
/// such, within the deadline, never as a success.
struct OTLPHTTPClientTests {
    enum Behaviour: String, CaseIterable, Sendable {
        case accepts, answers400, answers503, closesMidResponse, closesAtOnce, hangs, speaksGarbage
    }

    static let expected: [Behaviour: OTLPHTTPClient.Failure?] = [
        .accepts: nil, .answers400: .status(400), .answers503: .status(503), .closesMidResponse: .closed,
        .closesAtOnce: .closed, .hangs: .timeout, .speaksGarbage: .malformedResponse,
    ]

    @Test(arguments: Behaviour.allCases)
    func eachCollectorFailureIsReportedWithinTheDeadline(behaviour: Behaviour) throws {
        let collector = try FakeCollector(behaviour)
        defer { collector.stop() }
        let endpoint = OTLPEndpoint(host: "127.0.0.1", port: collector.port, path: "/v1/traces")
        let started = OTLPClock.now()
        var failure: OTLPHTTPClient.Failure?
        do {
            try OTLPHTTPClient.post(Array(repeating: 7, count: 100_000), to: endpoint, timeout: .milliseconds(300))
        } catch {
            failure = error
        }
        #expect(failure == Self.expected[behaviour]!, "\(behaviour)")
        #expect(OTLPClock.now() - started < 2_000_000_000, "the post outlived its deadline")
        if behaviour == .accepts {
            #expect(collector.received.hasPrefix("POST /v1/traces HTTP/1.1\r\n"))
            #expect(collector.received.split(separator: "\r\n").contains("Content-Type: application/x-protobuf"))
        }
    }

    @Test func aRefusedConnectionIsAConnectFailure() throws {
        let collector = try FakeCollector(.accepts)
        let port = collector.port
        collector.stop()
        #expect(throws: OTLPHTTPClient.Failure.connect(ECONNREFUSED)) {
            try OTLPHTTPClient.post([1], to: OTLPEndpoint(host: "127.0.0.1", port: port, path: "/"), timeout: .milliseconds(300))
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:4318/v1/traces", "127.0.0.1", 4318, "/v1/traces"),
        ("http://collector", "collector", 4318, "/v1/traces"),
        ("http://[::1]:9999/x", "::1", 9999, "/x"),
    ])
    func endpointsParse(url: String, host: String, port: Int, path: String) throws {
        let endpoint = try OTLPEndpoint.parse(url).get()
        #expect(endpoint == OTLPEndpoint(host: host, port: UInt16(port), path: path))
    }

    @Test(arguments: ["https://c:4318/v1/traces", "ftp://c", "http://:4318/", "http://c:0/", "http://c:99999/", "http://a b/"])
    func unusableEndpointsAreRefused(url: String) {
        #expect(throws: OTLPEndpoint.EndpointError.self) { try OTLPEndpoint.parse(url).get() }
    }
}

enum OTLPClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// A one-connection collector on a loopback port, run on a thread of its own.
final class FakeCollector: @unchecked Sendable {
    // @unchecked: `thread` is set by start and read by stop, on the test's thread.
    let listener: Int32
    let port: UInt16
    let behaviour: OTLPHTTPClientTests.Behaviour
    private var thread = pthread_t()
    private var started = false
    private var bytes: [UInt8] = []
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var stopped = false

    var received: String {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        return String(decoding: bytes, as: UTF8.self)
    }

    init(_ behaviour: OTLPHTTPClientTests.Behaviour) throws {
        self.behaviour = behaviour
        pthread_mutex_init(lock, nil)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 8)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        started = true
        pthread_create(&thread, nil, { raw in
            Unmanaged<FakeCollector>.fromOpaque(raw!).takeRetainedValue().serve()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    private func serve() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        if behaviour == .closesAtOnce { return }
        // Read the whole request (headers and a 100,000-byte body).
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !requestComplete() {
            let n = read(connection, &chunk, chunk.count)
            if n <= 0 { return }
            pthread_mutex_lock(lock)
            bytes.append(contentsOf: chunk[0..<n])
            pthread_mutex_unlock(lock)
        }
        let answer: String
        switch behaviour {
        case .accepts: answer = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"
        case .answers400: answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nnope."
        case .answers503: answer = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
        case .closesMidResponse: answer = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"
        case .speaksGarbage: answer = "SSH-2.0-OpenSSH\r\n\r\n"
        case .hangs:
            while !isStopped { usleep(10_000) }
            return
        case .closesAtOnce: return
        }
        _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    private var isStopped: Bool {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        return stopped
    }

    private func requestComplete() -> Bool {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        guard bytes.count >= 4 else { return false }
        for end in 3..<bytes.count where bytes[end - 3] == 13 && bytes[end - 2] == 10 && bytes[end - 1] == 13 && bytes[end] == 10 {
            return end + 1 + 100_000 <= bytes.count
        }
        return false
    }

    func stop() {
        guard started else { return }
        started = false
        pthread_mutex_lock(lock)
        stopped = true
        pthread_mutex_unlock(lock)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        pthread_join(thread, nil)
    }
}
