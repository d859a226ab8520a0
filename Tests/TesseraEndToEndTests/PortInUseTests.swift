import Foundation
import Glibc
import Testing
import TesseraTesting

/// `serve` refuses a listen address already taken (exit 1, `address already in use` on stderr),
/// by another `tessera serve` as much as by any other process.
@Suite struct PortInUseTests {
    @Test func aSecondServeOnTheSamePortExits1AndTheFirstKeepsServing() throws {
        let first = try TesseraProcess.start(ServerSetup())
        defer { first.stop() }
        let second = try TesseraBinary.run(["serve", "--listen", "127.0.0.1:\(first.port)"], timeout: 20)
        #expect(second.status == 1 && !second.signaled, "status \(second.status), stderr \(second.stderr)")
        #expect(second.stderr.contains("address already in use"), "stderr: \(second.stderr.debugDescription)")
        #expect(!second.stdout.contains("tessera listening"), "stdout: \(second.stdout.debugDescription)")
        for _ in 0..<6 { #expect(try first.get("/healthz").status == 200) }
    }

    @Test func aPortHeldByAnotherProgramIsRefused() throws {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(holder >= 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(holder, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)
        let outcome = try TesseraBinary.run(["serve", "--listen", "127.0.0.1:\(port)"], timeout: 20)
        #expect(outcome.status == 1 && !outcome.signaled, "status \(outcome.status), stderr \(outcome.stderr)")
        #expect(outcome.stderr.contains("address already in use"), "stderr: \(outcome.stderr.debugDescription)")
    }
}
