import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    /// A listen address already taken is refused with `HTTPError.listen(EADDRINUSE)`, whoever
    /// holds it: every worker binds with SO_REUSEPORT, which alone would let a second server
    /// share (and split) the port.
    @Suite struct AddressInUse {
        @Test func aSecondServerOnATakenPortFailsWithAddressInUse() throws {
            try withServer(workers: 2) { port, _ in
                let options = HTTPServerOptions(host: "127.0.0.1", port: port, workers: 2, limits: HTTPLimits())
                let second = HTTPServer(options: options, handler: TestHandler())
                let error = #expect(throws: HTTPError.self) { try second.start() }
                #expect(error?.isAddressInUse == true, "error: \(String(describing: error))")
                #expect(error?.description.contains("address already in use") == true, "\(String(describing: error))")
                // The first server still answers every connection.
                for _ in 0..<8 {
                    let client = try RawClient.strict(port: port)
                    try client.write("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try client.readResponse().status == 200)
                }
            }
        }

        /// A server started on a port a bare listening socket holds fails with address in use.
        static func expectRefused(whenHeldWith reusePort: Bool) throws {
            let holder = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 1, reusePort: reusePort)
            defer { Glibc.close(holder) }
            let port = try Socket.localPort(holder)
            let options = HTTPServerOptions(host: "127.0.0.1", port: port, workers: 2, limits: HTTPLimits())
            let server = HTTPServer(options: options, handler: TestHandler())
            let error = #expect(throws: HTTPError.self) { try server.start() }
            #expect(error?.isAddressInUse == true, "error: \(String(describing: error))")
        }

        @Test func aPortHeldByAPlainSocketIsRefused() throws {
            try Self.expectRefused(whenHeldWith: false)
        }

        @Test func aPortHeldByAnotherReusePortSocketIsRefused() throws {
            try Self.expectRefused(whenHeldWith: true)
        }

        @Test func anUnresolvableHostIsItsOwnErrorNotABadRequest() throws {
            let options = HTTPServerOptions(host: "no-such-host.invalid", port: 0, workers: 1, limits: HTTPLimits())
            let server = HTTPServer(options: options, handler: TestHandler())
            let error = #expect(throws: HTTPError.self) { try server.start() }
            guard case .unresolvableHost? = error else {
                Issue.record("expected unresolvableHost, got \(String(describing: error))")
                return
            }
        }

        @Test func aServerStoppedFreesItsPortForTheNext() throws {
            var freed: UInt16 = 0
            try withServer(workers: 2) { port, _ in freed = port }
            let options = HTTPServerOptions(host: "127.0.0.1", port: freed, workers: 2, limits: HTTPLimits())
            let server = HTTPServer(options: options, handler: TestHandler())
            #expect(try server.start() == freed)
            server.shutdown(drain: .milliseconds(100))
            server.wait()
        }
    }
}
