import Foundation
import Glibc
import Testing
import TesseraTesting

/// What every abuse test measures: the server's open file descriptors and a normal client's
/// latency, before, during and after the abuse.
enum AbuseProbe {
    /// Raises this process's descriptor limit to its hard limit (the server child inherits it):
    /// the tests open hundreds of connections on each side.
    static let raisedLimit: Void = {
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = min(limit.rlim_max, 65536)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
    }()

    /// The number of entries in /proc/PID/fd.
    static func openDescriptors(_ pid: pid_t) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// Waits until the server has at most `limit` descriptors open; returns the last count.
    @discardableResult
    static func waitForDescriptors(_ pid: pid_t, atMost limit: Int, timeout: Double) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var count = openDescriptors(pid)
        while count > limit && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            count = openDescriptors(pid)
        }
        return count
    }

    /// Waits until the server has at least `count` descriptors open (it accepts in its own time).
    @discardableResult
    static func waitForDescriptors(_ pid: pid_t, atLeast count: Int, timeout: Double) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var open = openDescriptors(pid)
        while open < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            open = openDescriptors(pid)
        }
        return open
    }

    /// Seconds one token request of `client` takes on a fresh connection; throws unless it is 200.
    static func timedToken(_ server: TesseraProcess, _ client: TestClient) throws -> Double {
        let start = Date()
        let response = try server.send(TokenRequest.basic(client).text, timeout: 5)
        let elapsed = Date().timeIntervalSince(start)
        guard response.status == 200 else { throw HarnessError.unexpected("normal client got \(response.status)") }
        return elapsed
    }

    /// The slowest of `count` token requests on one keep-alive connection.
    static func slowestToken(on connection: RawClient, _ client: TestClient, count: Int = 10) throws -> Double {
        var slowest = 0.0
        for _ in 0..<count {
            let start = Date()
            let response = try connection.exchange(TokenRequest.basic(client).text)
            slowest = max(slowest, Date().timeIntervalSince(start))
            guard response.status == 200 else { throw HarnessError.unexpected("normal client got \(response.status)") }
        }
        return slowest
    }

    /// A generous bound on a normal request under abuse: ten times the quiet one, at least 1 s
    /// (the suite runs beside other tests on two cores, and debug or sanitizer builds are slow).
    /// What it guards against, an I/O thread held by the abuse, shows as the 5 s client timeout.
    static func bound(_ baseline: Double) -> Double { max(1.0, baseline * 10) }

    /// The server with the baseline measured: descriptors after a first request, latency of one.
    static func baseline(_ server: TesseraProcess, _ client: TestClient) throws -> (descriptors: Int, latency: Double) {
        _ = raisedLimit
        var latency = Double.infinity
        for _ in 0..<5 { latency = min(latency, try timedToken(server, client)) }
        // Let the server close the probes' connections before counting.
        Thread.sleep(forTimeInterval: 0.2)
        return (openDescriptors(server.pid), latency)
    }

    /// Opens up to `count` connections, ignoring ones the server refuses.
    static func connect(_ server: TesseraProcess, count: Int, timeout: Double = 5) -> [RawClient] {
        var clients: [RawClient] = []
        for _ in 0..<count {
            if let client = try? RawClient(port: server.port, timeout: timeout) { clients.append(client) }
        }
        return clients
    }

    /// Best-effort write that ignores a peer that already closed.
    static func send(_ client: RawClient, _ bytes: String) -> Bool {
        (try? client.write(bytes)) != nil
    }
}
