import Foundation
import Testing
import TesseraTesting

/// Operators see a tier go down and come back: one warning line when Redis stops answering, one
/// info line when it answers again, and the gauge and error counter in /metrics.
@Suite(.requires(Services.running, Services.skipMessage))
struct TierEventTests {
    @Test func redisGoingDownAndBackIsLoggedOncePerTransition() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let node = try fixture.serve()
        defer { node.stop() }
        #expect(eventually(timeout: 2, interval: 0.02) { (try? node.fetch("/readyz"))?.status == 200 })
        #expect(try node.fetch("/metrics").body.contains("tessera_tier_up{tier=\"redis\"} 1"))

        redis.stop()
        #expect(eventually(timeout: 3, interval: 0.02) { node.stderr.contains(#"msg="tier down" tier=redis"#) }, "\(node.stderr)")
        let metrics = try node.fetch("/metrics").body
        #expect(metrics.contains("tessera_tier_up{tier=\"redis\"} 0"))
        #expect(!metrics.contains("tessera_store_errors_total{tier=\"redis\"} 0\n"), "no Redis error counted")
        usleep(600_000)  // more failing probes

        try redis.start()
        #expect(eventually(timeout: 4, interval: 0.02) { node.stderr.contains(#"msg="tier up" tier=redis"#) }, "\(node.stderr)")
        let lines = node.stderr.split(separator: "\n")
        let downs = lines.filter { $0.contains(#"msg="tier down" tier=redis"#) }
        let ups = lines.filter { $0.contains(#"msg="tier up" tier=redis"#) }
        #expect(downs.count == 1 && downs.first?.contains("level=warning") == true, "\(downs)")
        #expect(ups.count == 1 && ups.first?.contains("level=info") == true, "\(ups)")
        #expect(!lines.contains { $0.contains(#"msg="tier down" tier=postgres"#) })
    }
}
