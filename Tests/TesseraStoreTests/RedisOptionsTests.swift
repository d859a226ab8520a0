import TesseraCore
import Foundation
import Testing
import TesseraStore

struct RedisOptionsTests {
    static let urls: [(url: String, host: String, port: Int32, database: Int, username: String?, password: String?)] = [
        ("redis://127.0.0.1:6379/0", "127.0.0.1", 6379, 0, nil, nil),
        ("redis://cache.internal", "cache.internal", 6379, 0, nil, nil),
        ("redis://cache:7000/3", "cache", 7000, 3, nil, nil),
        ("redis://:s3cr%40t@cache:6380/1", "cache", 6380, 1, nil, "s3cr@t"),
        ("redis://tessera:pw@cache/2", "cache", 6379, 2, "tessera", "pw"),
        ("redis://[::1]:6390", "::1", 6390, 0, nil, nil),
    ]

    @Test(arguments: urls)
    func urlsParseIntoHostPortDatabaseAndCredentials(
        url: String, host: String, port: Int32, database: Int, username: String?, password: String?
    ) throws {
        let options = try RedisOptions(url: url)
        #expect(options.host == host)
        #expect(options.port == port)
        #expect(options.database == database)
        #expect(options.username == username)
        #expect(options.password == password)
    }

    @Test(arguments: ["http://cache:6379", "rediss://cache:6379", "redis://cache:notaport", "redis://cache:6379/x"])
    func unusableURLsAreRefused(url: String) {
        #expect(throws: StoreError.self) { _ = try RedisOptions(url: url) }
    }
}

struct InvalidationMessageTests {
    static let messages: [InvalidationMessage] = [
        .client(id: "svc"),
        .client(id: "a client with spaces"),
        .revocation(jwtID: "r9Llh4UnmRXuadU0rzywwg", expiresAt: 1_795_938_061, clientID: "svc"),
    ]

    @Test(arguments: messages)
    func messagesSurviveTheChannel(message: InvalidationMessage) {
        #expect(InvalidationMessage(decoding: message.encoded) == message)
    }

    @Test(arguments: ["", "c", "x\u{1F}y", "r\u{1F}jti\u{1F}notanumber\u{1F}svc", "r\u{1F}jti\u{1F}1"])
    func malformedMessagesAreIgnored(text: String) {
        #expect(InvalidationMessage(decoding: Array(text.utf8)) == nil)
    }
}

struct RedisClientCacheEncodingTests {
    @Test func recordsAndUnknownIdsRoundTrip() {
        let record = ClientRecord(
            id: "svc", secretHash: "$hmac-sha256$salt$hash", scopes: ["read", "write"], audiences: ["https://api/x y"],
            introspect: true)
        let bare = ClientRecord(id: "bare", secretHash: "$hmac-sha256$s$h", scopes: [], audiences: [], introspect: false)
        #expect(RedisClientCache.decode(RedisClientCache.encode(.found(record)), id: "svc") == .found(record))
        #expect(RedisClientCache.decode(RedisClientCache.encode(.found(bare)), id: "bare") == .found(bare))
        #expect(RedisClientCache.decode(RedisClientCache.encode(.unknown), id: "x") == .unknown)
        #expect(RedisClientCache.decode(Array("2\u{1F}future".utf8), id: "x") == nil, "an unknown format reads as a miss")
    }
}

struct SingleFlightTests {
    @Test func concurrentCallersForOneKeyShareOneRun() {
        let flight = SingleFlight<String, Int>()
        let runs = Counter()
        let results = Counter()
        let release = Counter()
        let arrived = Counter()
        let done = DispatchGroup()
        // Threads of their own: callers block while the flight runs.
        for _ in 0..<20 {
            done.enter()
            Thread.detachNewThread {
                arrived.increment()
                let (value, _) = flight.run("k") {
                    runs.increment()
                    while release.value == 0 { usleepShort() }  // hold the flight open
                    return 7
                }
                if value == 7 { results.increment() }
                done.leave()
            }
        }
        while arrived.value < 20 { usleepShort() }
        usleepShort(50_000)  // every caller is inside `run` by now
        release.increment()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(results.value == 20)
        #expect(runs.value == 1, "\(runs.value) runs for 20 callers that overlapped")
        #expect(flight.inFlight == 0)
    }
}

final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = PthreadMutex()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

func usleepShort(_ microseconds: UInt32 = 1_000) {
    var spec = timespec(tv_sec: 0, tv_nsec: Int(microseconds) * 1000)
    nanosleep(&spec, nil)
}
