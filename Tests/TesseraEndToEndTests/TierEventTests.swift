import Foundation
import Testing
import TesseraTesting

/// A configured tier that does not answer is logged once as down, and shows in the metrics.
@Suite(.serialized)
struct TierEventTests {
    @Test func anUnreachableRedisIsLoggedDownOnceAndReportedInTheMetrics() throws {
        let closed = try SilentListener(accept: false)
        let server = try TesseraProcess.start(ServerSetup(sections: [
            "cache": ["redis:", "  url: \"redis://127.0.0.1:\(closed.port)/0\"", "  timeout: 50ms"],
        ]))
        defer { server.stop() }
        var metrics = ""
        let deadline = Date().addingTimeInterval(5)
        while !metrics.contains("tessera_tier_up{tier=\"redis\"} 0"), Date() < deadline {
            metrics = try server.get("/metrics").body
            usleep(100_000)
        }
        #expect(metrics.contains("tessera_tier_up{tier=\"redis\"} 0"))
        #expect(metrics.contains("tessera_tier_up{tier=\"local\"} 1"))
        #expect(metrics.contains("tessera_store_errors_total{tier=\"redis\"} "))
        #expect(!metrics.contains("tessera_store_errors_total{tier=\"redis\"} 0\n"))
        #expect(metrics.contains("tessera_build_info{version=\""))
        usleep(800_000)  // several more probes (every 250 ms), all failing
        let downs = server.stderr.split(separator: "\n").filter { $0.contains("msg=\"tier down\"") }
        #expect(downs.count == 1, "\(server.stderr)")
        #expect(downs.first?.contains("level=warning") == true && downs.first?.contains("tier=redis") == true)
    }
}
