import Foundation
import Glibc
import Testing
import TesseraTesting

/// Far more connections than `max_connections` (40): the connection opened before the flood
/// keeps being served, and once the flood is gone new connections are accepted again.
@Suite(.serialized, .server { try .fewConnectionsForFlood() })
struct ConnectionFloodTests {
    @Test func floodPastMaxConnectionsKeepsServingTheOpenConnection() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        let kept = try RawClient(port: server.port)
        defer { kept.close() }
        let quiet = try AbuseProbe.slowestToken(on: kept, normal, count: 5)

        let flood = AbuseProbe.connect(server, count: 600, timeout: 2)
        defer { flood.forEach { $0.close() } }
        #expect(AbuseProbe.openDescriptors(server.pid) <= base.descriptors + 40 + 2,
                "the server holds more connections than max_connections")
        let slowest = try AbuseProbe.slowestToken(on: kept, normal)
        #expect(slowest < AbuseProbe.bound(quiet), "open connection's slowest request \(slowest) s (quiet: \(quiet) s)")

        flood.forEach { $0.close() }
        let after = AbuseProbe.waitForDescriptors(server.pid, atMost: base.descriptors + 1, timeout: 8)
        #expect(after <= base.descriptors + 1, "server descriptors \(after), baseline \(base.descriptors) + the kept connection")
        _ = try AbuseProbe.timedToken(server, normal)
    }
}

/// Heads that never end and streams of garbage after a valid request.
@Suite(.serialized, .server { try .abuse() })
struct BadStreamTests {
    @Test func endlessHeadersGet431AndDoNotStallOthers() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        let endless = AbuseProbe.connect(server, count: 20)
        // The writers must be done before a client is closed: a descriptor closed under a writer
        // is reused at once by another suite's socket, and the writer's next send would land there.
        let writers = DispatchGroup()
        defer {
            _ = writers.wait(timeout: .now() + 30)
            endless.forEach { $0.close() }
        }
        let line = "X-Endless: " + String(repeating: "a", count: 1000) + "\r\n"
        for client in endless {
            writers.enter()
            nonisolated(unsafe) let client = client  // this writer thread's alone until `writers` is waited for
            Thread {
                defer { writers.leave() }
                guard AbuseProbe.send(client, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n") else { return }
                for _ in 0..<1000 where AbuseProbe.send(client, line) {}  // up to 1 MB, until refused
            }.start()
        }
        for _ in 0..<5 {
            let latency = try AbuseProbe.timedToken(server, normal)
            #expect(latency < AbuseProbe.bound(base.latency), "normal request took \(latency) s (quiet: \(base.latency) s)")
        }
        let writersDone = writers.wait(timeout: .now() + 20) == .success
        #expect(writersDone, "the server kept reading endless heads")
        for client in endless {
            client.setTimeout(5)
            let response = try? client.readResponse()
            #expect(response?.status == 431, "endless head answered \(response.map { "\($0.status)" } ?? "nothing")")
            #expect(client.waitForClose(timeout: 5), "connection with an endless head left open")
        }
        if writersDone { endless.forEach { $0.close() } }
        let after = AbuseProbe.waitForDescriptors(server.pid, atMost: base.descriptors, timeout: 5)
        #expect(after <= base.descriptors, "server descriptors \(after), baseline \(base.descriptors)")
    }

    @Test func pipelinedGarbageIsAnswered400AndClosed() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        var generator = SeededGenerator(seed: 0x7e55e7a)
        let streams = AbuseProbe.connect(server, count: 50)
        defer { streams.forEach { $0.close() } }
        for client in streams {
            var bytes = Array(TokenRequest.simple("GET", "/healthz").utf8)
            bytes += (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? client.write(bytes)
        }
        let latency = try AbuseProbe.timedToken(server, normal)
        #expect(latency < AbuseProbe.bound(base.latency), "normal request took \(latency) s (quiet: \(base.latency) s)")
        for client in streams {
            let first = try? client.readResponse()
            #expect(first?.status == 200, "the valid request before the garbage got \(first.map { "\($0.status)" } ?? "nothing")")
            let second = try? client.readResponse()
            #expect(second == nil || second?.status == 400, "garbage answered \(second!.status)")
            #expect(client.waitForClose(timeout: 5), "connection left open after garbage")
        }
        streams.forEach { $0.close() }
        let after = AbuseProbe.waitForDescriptors(server.pid, atMost: base.descriptors, timeout: 5)
        #expect(after <= base.descriptors, "server descriptors \(after), baseline \(base.descriptors)")
    }
}
