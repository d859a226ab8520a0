import Foundation
import Glibc
import Testing
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
