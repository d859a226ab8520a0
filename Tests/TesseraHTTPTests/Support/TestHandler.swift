import Foundation
import Synchronization
@testable import TesseraHTTP
import TesseraTesting

/// The handler the server tests run against, routed by path:
/// - `/echo...`: answers 200 with the request body;
/// - `/defer/MS`: defers, then completes from another thread after MS milliseconds with the body;
/// - `/headers`: answers with one `name: value` line per request field and the framing facts;
/// - `/big/N`: answers with N bytes;
/// - `/close`: asks the server to close the connection after the response.
/// Every response names its request target in `X-Target`, so pipelined answers can be matched.
struct TestHandler: HTTPHandler {
    /// What the handler saw, for tests that have to wait for a request to reach it.
    final class Probe: Sendable {
        let deferredStarted = Atomic<Int>(0)
        let deferredCompleted = Atomic<Int>(0)
        let handled = Atomic<Int>(0)
    }

    let probe = Probe()
    static let filler = [UInt8](repeating: UInt8(ascii: "b"), count: 1 << 20)

    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult {
        probe.handled.wrappingAdd(1, ordering: .relaxed)
        let target = String(decoding: request.bytes[request.head.target], as: UTF8.self)
        response.addHeader("X-Target", text: target)
        response.addHeader("X-Peer", text: request.peer.host)
        if target.hasPrefix("/defer/"), let ms = Int(target.dropFirst("/defer/".count)),
           let deferral = request.deferResponse() {
            let body = Array(request.body)
            probe.deferredStarted.wrappingAdd(1, ordering: .relaxed)
            let probe = probe
            Thread.detachNewThread {
                usleep(UInt32(ms) * 1000)
                deferral.complete { writer in
                    writer.addHeader("X-Target", text: target)
                    writer.addHeader("X-Deferred", "yes")
                    writer.body = body
                }
                probe.deferredCompleted.wrappingAdd(1, ordering: .relaxed)
            }
            return .deferred
        }
        if target == "/headers" {
            var lines = "version=1.\(request.head.minorVersion) keepAlive=\(request.head.keepAlive)\n"
            for field in request.fields {
                lines += String(decoding: request.bytes[field.name], as: UTF8.self) + ": "
                    + String(decoding: request.bytes[field.value], as: UTF8.self) + "\n"
            }
            response.body.append(contentsOf: lines.utf8)
            return .responded
        }
        if target.hasPrefix("/big/"), let size = Int(target.dropFirst("/big/".count)) {
            response.body.append(contentsOf: Self.filler[0..<min(size, Self.filler.count)])
            return .responded
        }
        if target == "/close" { response.closeConnection = true }
        response.addHeader("Content-Type", "application/octet-stream")
        response.body.append(contentsOf: request.body)
        return .responded
    }
}

/// Starts an `HTTPServer` on 127.0.0.1, port 0, runs `body`, and always shuts the server down
/// and waits for its threads (the drain is short, so a test that leaves a request in flight
/// still ends).
func withServer(limits: HTTPLimits = HTTPLimits(), workers: Int = 2, handler: TestHandler = TestHandler(),
                _ body: (_ port: UInt16, _ server: HTTPServer) throws -> Void) throws {
    let options = HTTPServerOptions(host: "127.0.0.1", port: 0, workers: workers, limits: limits)
    let server = HTTPServer(options: options, handler: handler)
    let port = try server.start()
    defer {
        server.shutdown(drain: .milliseconds(500))
        server.wait()
    }
    try body(port, server)
}

extension Array where Element == UInt8 {
    /// `self` cut at `cuts` distinct random points (sorted), as consecutive pieces.
    func pieces(cuts: Int, using rng: inout SeededGenerator) -> [[UInt8]] {
        guard count > 1 else { return [self] }
        var points = Set<Int>()
        while points.count < Swift.min(cuts, count - 1) { points.insert(Int.random(in: 1..<count, using: &rng)) }
        var result: [[UInt8]] = []
        var start = 0
        for point in points.sorted() + [count] {
            result.append(Array(self[start..<point]))
            start = point
        }
        return result
    }
}

extension RawClient {
    /// TesseraTesting's raw client as the server tests use it: 3 s per read and write, and strict
    /// framing (an HTTP/1.1 status line and a Content-Length on every final response).
    static func strict(port: UInt16, timeout: Duration = .seconds(3)) throws -> RawClient {
        let client = try RawClient(port: port, timeout: timeout)
        client.strictFraming = true
        return client
    }
}
