import Foundation
import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    @Suite struct Connections {
        @Test func connectionsBeyondTheLimitAreClosedWhileTheOthersAreServed() throws {
            let limits = HTTPLimits(maxConnections: 3)
            try withServer(limits: limits) { port, server in
                let admitted = try (1...3).map { _ in try RawClient.strict(port: port) }
                for (i, client) in admitted.enumerated() {
                    try client.write("GET /echo/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try client.readResponse().status == 200)
                }
                #expect(server.connections.current == 3)
                let refused = try RawClient.strict(port: port, timeout: .seconds(1))
                try? refused.write("GET /echo/refused HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(refused.awaitClose() == .closed)
                for (i, client) in admitted.enumerated() {
                    try client.write("GET /echo/again-\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try client.readResponse().status == 200)
                }
                // Closing one makes room for a new one.
                try admitted[0].write("GET /close HTTP/1.1\r\nHost: t\r\n\r\n")
                _ = try admitted[0].readResponse()
                #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 2 })
                let next = try RawClient.strict(port: port)
                try next.write("GET /echo/next HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try next.readResponse().status == 200)
            }
        }

        static let garbage: [[UInt8]] = [
            Array("\u{1}\u{2}\u{3}\r\n\r\n".utf8),
            Array("GET /\u{0} HTTP/1.1\r\n\r\n".utf8),
            Array("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n".utf8),
            Array("GET / HTTP/1.1\nHost: a\n\n".utf8),
            Array("GET / HTTP/9.9\r\n\r\n".utf8),
            [0xFF, 0xFE, 0x00, 0x0D, 0x0A],
        ]

        /// 1,000 connections each write garbage (random bytes behind a malformed start); every one
        /// is answered and closed, and the server serves a valid request afterwards.
        @Test func thousandGarbageConnectionsAreAnsweredAndTheServerStillServes() throws {
            Socket.raiseFileLimit()
            try withServer { port, server in
                var rng = SeededGenerator(seed: 7)
                var answered = 0
                for batch in 0..<4 {
                    var clients: [RawClient] = []
                    for i in 0..<250 {
                        let client = try RawClient.strict(port: port)
                        var bytes = Self.garbage[(batch * 250 + i) % Self.garbage.count]
                        bytes += (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                        try client.write(bytes)
                        clients.append(client)
                    }
                    for client in clients {
                        if let response = try? client.readResponse(), response.status >= 400, response.status < 600,
                           client.awaitClose() == .closed {
                            answered += 1
                        }
                    }
                }
                #expect(answered == 1000)
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nstill")
                #expect(try client.readResponse().body == "still")
                #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 1 })
            }
        }

        @Test func shutdownDrainsADeferredRequestInFlight() throws {
            let handler = TestHandler()
            let server = HTTPServer(options: HTTPServerOptions(port: 0, workers: 2), handler: handler)
            let port = try server.start()
            let waited = DispatchSemaphore(value: 0)
            var stopped = false
            defer {
                if !stopped {
                    server.shutdown(drain: .milliseconds(100))
                    server.wait()
                }
            }
            let busy = try RawClient.strict(port: port)
            let idle = try RawClient.strict(port: port)
            try idle.write("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try idle.readResponse().status == 200)
            try busy.write("POST /defer/300 HTTP/1.1\r\nHost: t\r\nContent-Length: 8\r\n\r\ninflight")
            #expect(eventually(timeout: 2, interval: 0.005) { handler.probe.deferredStarted.load(ordering: .relaxed) == 1 })
            server.shutdown(drain: .seconds(5))
            Thread.detachNewThread {
                server.wait()
                waited.signal()
            }
            // An idle keep-alive connection is closed at once; the busy one gets its answer.
            #expect(idle.awaitClose() == .closed)
            let response = try busy.readResponse()
            #expect(response.status == 200)
            #expect(response.body == "inflight")
            #expect(response.header("Connection") == "close")
            #expect(busy.awaitClose() == .closed)
            #expect(waited.wait(timeout: .now() + 3) == .success, "wait() returned")
            stopped = true
            // Nothing listens any more.
            #expect(throws: HarnessError.connect(port: port, errno: ECONNREFUSED)) { try RawClient.strict(port: port) }
        }
    }
}

extension ServerTests.Connections {
    /// A backend may finish after the drain deadline, when the loop has stopped and its file
    /// descriptors are closed and perhaps reused: the late response must go nowhere.
    @Test func deferralCompletedAfterTheServerStoppedWritesToNoOtherDescriptor() throws {
        let handler = TestHandler()
        let server = HTTPServer(options: HTTPServerOptions(port: 0, workers: 1), handler: handler)
        let port = try server.start()
        let client = try RawClient.strict(port: port)
        try client.write("GET /defer/400 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually(timeout: 2, interval: 0.005) { handler.probe.deferredStarted.load(ordering: .relaxed) == 1 })
        server.shutdown(drain: .milliseconds(20))
        server.wait()
        #expect(client.awaitClose() == .closed)
        // Take the lowest free descriptors, where the loop's own ones were.
        var pairs: [[Int32]] = []
        for _ in 0..<16 {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else { break }
            pairs.append(pair)
        }
        defer { for pair in pairs { close(pair[0]); close(pair[1]) } }
        #expect(eventually(timeout: 2, interval: 0.005) { handler.probe.deferredCompleted.load(ordering: .relaxed) == 1 })
        usleep(20_000)
        var stray = 0
        var byte: UInt8 = 0
        for fd in pairs.joined() where recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) > 0 { stray += 1 }
        #expect(stray == 0, "bytes written to a descriptor the server no longer owned")
    }
}
