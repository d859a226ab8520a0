import Foundation
import Glibc
import Testing
import TesseraStore
import TesseraTesting

@Suite(.requires(Services.running, Services.skipMessage))
struct RedisPoolTests {
    @Test func commandsRoundTripThroughThePool() throws {
        let pool = RedisPool(options: try RedisOptions(url: try Services.redis(), poolSize: 2))
        let key = Services.unique("tessera:it")
        #expect(try pool.command(["PING"]) == .status("PONG"))
        #expect(try pool.command([Array("SET".utf8), Array(key.utf8), [0, 1, 2, 255], Array("PX".utf8), Array("5000".utf8)]) == .status("OK"))
        #expect(try pool.command(["GET", key]) == .string([0, 1, 2, 255]), "binary-safe values")
        if case .integer(let ttl) = try pool.command(["PTTL", key]) { #expect(ttl > 0 && ttl <= 5000) } else { Issue.record("PTTL") }
        #expect(try pool.command(["DEL", key]) == .integer(1))
        #expect(try pool.command(["GET", key]) == .null)
        #expect(try pool.command(["PUBLISH", Services.unique("tessera:it:channel"), "x"]) == .integer(0))
        let replies = try pool.withConnection { connection throws(StoreError) in
            try connection.pipeline([[Array("PING".utf8)], [Array("ECHO".utf8), Array("a".utf8)]])
        }
        #expect(replies == [.status("PONG"), .string(Array("a".utf8))])
    }

    @Test func aServerErrorReplyIsAValueAndTheConnectionStaysUsable() throws {
        let pool = RedisPool(options: try RedisOptions(url: try Services.redis(), poolSize: 1))
        guard case .error(let message) = try pool.command(["NOSUCHCOMMAND"]) else {
            Issue.record("no error reply")
            return
        }
        #expect(message.hasPrefix("ERR"))
        #expect(try pool.command(["PING"]) == .status("PONG"))
        #expect(pool.openCount == 1)
    }

    @Test func aStoppedRedisFailsFastAndIsUsedAgainWhenItReturns() throws {
        let redis = try PrivateRedis()
        var options = try RedisOptions(url: redis.url, poolSize: 2, timeout: .milliseconds(100))
        options.backoffCap = .milliseconds(200)
        let pool = RedisPool(options: options)
        #expect(pool.ping())
        redis.stop()
        var failuresFast = true
        for _ in 0..<5 {
            let start = Date()
            #expect(throws: StoreError.self) { _ = try pool.command(["PING"]) }
            if Date().timeIntervalSince(start) > 0.5 { failuresFast = false }
        }
        #expect(failuresFast, "a dead Redis costs at most the timeout per call")
        try redis.start()
        let deadline = Date().addingTimeInterval(3)
        var recovered = false
        while Date() < deadline && !recovered {
            recovered = pool.ping()
            if !recovered { usleep(50_000) }
        }
        #expect(recovered, "the pool reconnects on its own")
    }

    @Test func thePasswordAndDatabaseOfTheURLAreUsed() throws {
        let redis = try PrivateRedis(arguments: ["--requirepass", "s3cr@t"])
        let pool = RedisPool(options: try RedisOptions(url: "redis://:s3cr%40t@127.0.0.1:\(redis.port)/2", poolSize: 1))
        #expect(try pool.command(["SET", "k", "v"]) == .status("OK"))
        let other = RedisPool(options: try RedisOptions(url: "redis://:s3cr%40t@127.0.0.1:\(redis.port)/0", poolSize: 1))
        #expect(try other.command(["GET", "k"]) == .null, "database 2 and database 0 are apart")
        let wrong = RedisPool(options: try RedisOptions(url: "redis://:nope@127.0.0.1:\(redis.port)/0", poolSize: 1))
        do {
            _ = try wrong.command(["PING"])
            Issue.record("a wrong password connected")
        } catch StoreError.server(let tier, let code, _) {
            #expect(tier == .redis && code == "AUTH", "a refused AUTH is the server's answer, not a transport failure")
        }
    }

    @Test func theBusDeliversAndDistrustsWhileUnsubscribed() throws {
        let redis = try PrivateRedis()
        // 500 ms: publishing must not time out on a busy machine; losing the subscription is
        // still noticed within the second this test allows.
        var options = try RedisOptions(url: redis.url, poolSize: 2, timeout: .milliseconds(500))
        options.backoffCap = .milliseconds(200)
        let pool = RedisPool(options: options)
        let received = Locked<[InvalidationMessage]>([])
        let bus = InvalidationBus(pool: pool) { message in received.mutate { $0.append(message) } }
        bus.start()
        defer { bus.stop() }
        #expect(eventually(timeout: 2, interval: 0.02) { bus.trust.subscribed })
        let firstFloor = bus.trust.floor
        try bus.publish(.client(id: "a b"))
        try bus.publish(.revocation(jwtID: "j", expiresAt: 42, clientID: "c"))
        #expect(eventually(timeout: 1, interval: 0.02) { received.value.count == 2 })
        #expect(received.value == [.client(id: "a b"), .revocation(jwtID: "j", expiresAt: 42, clientID: "c")])
        redis.stop()
        #expect(eventually(timeout: 1, interval: 0.02) { !bus.trust.subscribed }, "losing the subscription is noticed within a second")
        try redis.start()
        #expect(eventually(timeout: 3, interval: 0.02) { bus.trust.subscribed }, "the bus resubscribes on its own")
        #expect(bus.trust.floor > firstFloor, "entries cached before the outage are distrusted")
    }
}
