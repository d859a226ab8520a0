import Foundation
import Glibc
import Testing
import TesseraCore
import TesseraTesting

/// SIGTERM stops accepting and finishes the requests in flight before exiting 0: a slow (PBKDF2)
/// verification under way, and a request whose body is still arriving.
@Suite(.serialized)
struct DrainTests {
    static let secret = "a slow secret for the drain test"

    @Test func sigtermFinishesRequestsInFlightThenExitsZero() throws {
        let setup = ServerSetup(clients: [
            try .hashed("slow", secret: Self.secret, scopes: ["read"], audiences: ["api"]),
            try .generated("fast", scopes: ["read"], audiences: ["api"]),
        ])
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }

        // A connection that is idle between requests: the drain closes it.
        let idle = try RawClient(port: server.port)
        #expect(try idle.exchange(TokenRequest.basic(setup.client("fast")).text).status == 200)
        // A request that needs a slow hash (a few hundred ms) and one whose body is half sent.
        let hashing = try RawClient(port: server.port, timeout: 10)
        try hashing.write(TokenRequest.basic(setup.client("slow")).text)
        let partial = try RawClient(port: server.port, timeout: 10)
        let text = TokenRequest.basic(setup.client("fast")).text
        let split = text.index(text.endIndex, offsetBy: -10)
        try partial.write(String(text[..<split]))
        Thread.sleep(forTimeInterval: 0.05)

        kill(server.pid, SIGTERM)
        Thread.sleep(forTimeInterval: 0.2)
        try partial.write(String(text[split...]))

        let slowAnswer = try hashing.readResponse()
        #expect(slowAnswer.status == 200, "the request in its slow hash got \(slowAnswer)")
        let partialAnswer = try partial.readResponse()
        #expect(partialAnswer.status == 200, "the request finished after SIGTERM got \(partialAnswer)")
        #expect(idle.waitForClose(timeout: 5), "an idle keep-alive connection was kept open by the drain")
        let refused = (try? RawClient(port: server.port, timeout: 1)).map { client in
            (try? client.exchange(TokenRequest.simple("GET", "/healthz"))) == nil
        } ?? true
        #expect(refused, "a new connection was served after SIGTERM")

        let deadline = Date().addingTimeInterval(11)
        while server.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let exit = server.exitStatus
        #expect(exit == Spawn.Exit(status: 0, signaled: false), "after the drain: \(exit.map { "\($0)" } ?? "still running")")
    }
}

/// `server.shutdown_delay`: SIGTERM turns /readyz to 503 at once while requests are still
/// accepted and served, each connection closed after its response (`Connection: close`); then
/// the listener closes and the process exits 0. SIGINT skips the delay.
@Suite(.serialized)
struct DrainDelayTests {
    static func setup(delay: String) throws -> ServerSetup {
        ServerSetup(sections: ["server": ["shutdown_delay: \(delay)", "shutdown_timeout: 5s"]],
                    clients: [try .generated("load", scopes: ["read"], audiences: ["api"])])
    }

    /// What a load balancer does: once /readyz answers 503 it opens no new connection to the
    /// node; a client keeps its connection until the node closes it after a response. With the
    /// node draining like that, keep-alive load across a SIGTERM sees no error at all.
    @Test func keepAliveLoadAcrossASigtermSeesNoError() throws {
        let setup = try Self.setup(delay: "2s")
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }
        let request = TokenRequest.basic(setup.client("load")).text
        let unready = Locked<Date?>(nil)
        let signalled = Locked<Date?>(nil)
        let prober = Thread {
            let deadline = Date().addingTimeInterval(15)
            while unready.withLock({ $0 }) == nil, Date() < deadline {
                if let ready = try? server.get("/readyz"), ready.status == 503, ready.body.contains("draining") {
                    unready.withLock { $0 = Date() }
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        prober.start()

        struct Tally { var served = 0, closed = 0, errors: [String] = [] }
        let tallies = Locked<[Tally]>([])
        let clients = (0..<4).map { _ in
            Thread {
                var tally = Tally()
                let deadline = Date().addingTimeInterval(12)
                var client: RawClient?
                while Date() < deadline {
                    if client == nil {
                        if unready.withLock({ $0 }) != nil { break }  // the balancer sends elsewhere now
                        do { client = try RawClient(port: server.port) } catch {
                            tally.errors.append("connect: \(error)")
                            break
                        }
                    }
                    do {
                        let response = try client!.exchange(request)
                        guard response.status == 200 else {
                            tally.errors.append("status \(response.status)")
                            break
                        }
                        tally.served += 1
                        if response.header("Connection")?.lowercased() == "close" {
                            tally.closed += 1
                            client?.close()
                            client = nil
                        }
                    } catch {
                        tally.errors.append("exchange: \(error)")
                        break
                    }
                }
                client?.close()
                tallies.withLock { $0.append(tally) }
            }
        }
        for client in clients { client.start() }
        Thread.sleep(forTimeInterval: 0.3)
        signalled.withLock { $0 = Date() }
        kill(server.pid, SIGTERM)

        #expect(eventually(timeout: 14, interval: 0.05) { tallies.withLock({ $0 }).count == 4 }, "the load did not end")
        for tally in tallies.withLock({ $0 }) {
            #expect(tally.errors.isEmpty, "a client saw errors across the SIGTERM: \(tally.errors)")
            #expect(tally.served > 0 && tally.closed > 0, "served \(tally.served), closed by the node \(tally.closed)")
        }
        let sent = try #require(signalled.withLock { $0 })
        let noticed = try #require(unready.withLock { $0 }, "/readyz never answered 503 draining")
        #expect(noticed.timeIntervalSince(sent) < 1, "/readyz turned 503 \(noticed.timeIntervalSince(sent)) s after SIGTERM")

        #expect(eventually(timeout: 10, interval: 0.05) { !server.isRunning }, "still running after the drain")
        let stopped = Date()
        #expect(stopped.timeIntervalSince(sent) >= 1.9, "exited \(stopped.timeIntervalSince(sent)) s after SIGTERM, before shutdown_delay")
        #expect(server.exitStatus == Spawn.Exit(status: 0, signaled: false), "\(server.exitStatus.map { "\($0)" } ?? "-")")
    }

    /// During the delay /readyz is 503 while a new connection is still served; a SIGINT then
    /// cuts the delay short.
    @Test func theDelayServesNewConnectionsWithReadyzUnavailableUntilASigint() throws {
        let server = try TesseraProcess.start(try Self.setup(delay: "30s"))
        defer { server.stop() }
        kill(server.pid, SIGTERM)
        #expect(eventually(timeout: 2, interval: 0.02) { (try? server.get("/readyz"))?.status == 503 })
        let ready = try server.get("/readyz")
        #expect(ready.json["status"] as? String == "unavailable" && ready.body.contains(#""tiers":{"local":"ok"}"#), "\(ready)")
        let health = try RawClient(port: server.port).exchange(TokenRequest.simple("GET", "/healthz"))
        #expect(health.status == 200 && health.header("Connection")?.lowercased() == "close", "\(health)")
        #expect(server.isRunning)
        kill(server.pid, SIGINT)
        #expect(eventually(timeout: 5, interval: 0.05) { !server.isRunning }, "SIGINT did not cut the delay short")
        #expect(server.exitStatus == Spawn.Exit(status: 0, signaled: false), "\(server.exitStatus.map { "\($0)" } ?? "-")")
    }

    /// SIGINT (someone at a terminal) does not wait out `shutdown_delay`.
    @Test func sigintSkipsTheDelay() throws {
        let server = try TesseraProcess.start(try Self.setup(delay: "30s"))
        defer { server.stop() }
        #expect(try server.get("/healthz").status == 200)
        kill(server.pid, SIGINT)
        #expect(eventually(timeout: 5, interval: 0.05) { !server.isRunning }, "SIGINT waited for shutdown_delay")
        #expect(server.exitStatus == Spawn.Exit(status: 0, signaled: false), "\(server.exitStatus.map { "\($0)" } ?? "-")")
    }
}
