import Foundation
import Testing
import TesseraTesting

/// /readyz says whether this node can answer token requests: a shared store's outage is
/// `degraded` (200), so it does not pull every node out of a load balancer at once; 503 names
/// what stops it (an unmigrated schema, every store down past `stale_if_error`).
@Suite(.requires(Services.running, Services.skipMessage))
struct ReadinessTests {
    @Test func aRedisCutIsDegradedNotUnreadyWhileTokensFlow() throws {
        let redis = try PrivateRedis()
        let proxy = try TCPProxy(upstreamPort: redis.port)
        defer { proxy.cut() }
        let fixture = try CLIFixture.migrated(redisURL: "redis://127.0.0.1:\(proxy.port)/0")
        defer { fixture.done() }
        let id = Services.unique("degraded")
        let secret = try fixture.addClient(id)
        let node = try fixture.serve()
        defer { node.stop() }
        #expect(eventually(timeout: 5, interval: 0.02) { (try? node.fetch("/readyz"))?.body.contains(#""status":"ok""#) == true })

        proxy.cut()
        let degraded = eventually(timeout: 3, interval: 0.02) {
            guard let ready = try? node.fetch("/readyz") else { return false }
            return ready.status == 200 && ready.body.contains(#""status":"degraded""#) && ready.body.contains(#""redis":"down""#)
        }
        #expect(degraded, "with Redis cut: \((try? node.fetch("/readyz"))?.description ?? "-")")
        var failures: [Int] = []
        for round in 0..<50 {
            let reply = try node.token(id: id, secret: secret)
            if reply.status != 200 { failures.append(reply.status) }
            if round % 10 == 0 { #expect(try node.fetch("/readyz").status == 200) }
        }
        #expect(failures.isEmpty, "token requests with Redis cut: \(failures)")

        try proxy.open()
        #expect(eventually(timeout: 5, interval: 0.02) { (try? node.fetch("/readyz"))?.body.contains(#""status":"ok""#) == true })
    }

    @Test func everyStoreDownPastStaleIfErrorIsUnready() throws {
        let fixture = try CLIFixture.proxied(staleIfError: "1s")
        defer { fixture.done() }
        let secret = try fixture.addClient("cached-stale")
        let node = try fixture.serve()
        defer { node.stop() }
        #expect(eventually(timeout: 5, interval: 0.02) { (try? node.fetch("/readyz"))?.status == 200 })
        #expect(try node.token(id: "cached-stale", secret: secret).status == 200)

        fixture.proxy.cut()
        let started = Date()
        #expect(eventually(timeout: 2, interval: 0.02) { (try? node.fetch("/readyz"))?.body.contains(#""postgres":"down""#) == true })
        let first = try node.fetch("/readyz")
        if Date().timeIntervalSince(started) < 0.8 {
            #expect(first.status == 200 && first.body.contains(#""status":"degraded""#), "within stale_if_error: \(first)")
        }
        let spent = eventually(timeout: 4, interval: 0.05) { (try? node.fetch("/readyz"))?.status == 503 }
        let ready = try node.fetch("/readyz")
        #expect(spent && ready.body.contains(#""status":"unavailable""#) && ready.body.contains("stale_if_error"), "\(ready)")
        #expect(ready.body.contains(#""tiers":{"local":"ok","postgres":"down"}"#), "\(ready)")

        try fixture.proxy.open()
        #expect(eventually(timeout: 5, interval: 0.02) { (try? node.fetch("/readyz"))?.body.contains(#""status":"ok""#) == true })
    }

    /// `serve` does not migrate: until `tessera migrate` runs, /readyz is 503 naming it and the
    /// log says so once, at level error; after it, ready without a restart.
    @Test func anUnmigratedDatabaseIsUnreadyNamingMigrate() throws {
        let fixture = try CLIFixture(redis: nil)
        defer { fixture.done() }
        let node = try fixture.serve()
        defer { node.stop() }
        let named = eventually(timeout: 5, interval: 0.02) {
            guard let ready = try? node.fetch("/readyz") else { return false }
            return ready.status == 503 && ready.body.contains("run tessera migrate")
        }
        #expect(named, "\((try? node.fetch("/readyz"))?.description ?? "-")")
        let logged = node.stderr.split(separator: "\n").filter { $0.contains("run tessera migrate") }
        #expect(logged.count == 1 && logged.allSatisfy { $0.contains("level=error") }, "stderr: \(node.stderr)")

        let migrate = try fixture.tessera(["migrate"])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(eventually(timeout: 10, interval: 0.05) { (try? node.fetch("/readyz"))?.body.contains(#""status":"ok""#) == true },
                "after migrate: \((try? node.fetch("/readyz"))?.description ?? "-")")
    }
}
