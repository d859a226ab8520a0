import TesseraCore
import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// One blocking connection to Redis, used by one thread at a time. Commands go through hiredis'
/// argv API (`redisCommandArgv`, `redisAppendCommandArgv` for pipelines), so arguments are binary
/// safe and never formatted. A transport failure (connect, read or write error or timeout) throws
/// `StoreError.unavailable` and leaves the connection broken for good; a server error reply is
/// returned as `RedisReply.error`.
package final class RedisConnection: PooledConnection, @unchecked Sendable {
    // @unchecked: used by one thread at a time: the pool lends it to one borrower.
    private let context: UnsafeMutablePointer<redisContext>
    package private(set) var isBroken = false
    /// Pools never expire Redis connections by age; kept for `PooledConnection`.
    package let openedAt = MonotonicInstant.now()

    package init(_ options: RedisOptions) throws(StoreError) {
        let timeout = Self.timeval(options.timeout)
        guard let context = redisConnectWithTimeout(options.host, options.port, timeout) else {
            throw .unavailable(tier: .redis, reason: "cannot allocate a connection")
        }
        if tessera_redis_err(context) != 0 {
            let reason = String(cString: tessera_redis_errstr(context))
            redisFree(context)
            throw .unavailable(tier: .redis, reason: "connect to \(options.host):\(options.port): \(reason)")
        }
        self.context = context
        redisSetTimeout(context, timeout)
        redisEnableKeepAlive(context)
        do {
            if let password = options.password {
                let auth = options.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                if case .error(let message) = try command(auth) {
                    throw StoreError.server(tier: .redis, code: "AUTH", message: message)
                }
            }
            if options.database != 0, case .error(let message) = try command(["SELECT", String(options.database)]) {
                throw StoreError.server(tier: .redis, code: "SELECT", message: message)
            }
        } catch let error as StoreError {
            throw error  // self is fully initialized: deinit frees the context
        } catch {
            throw .unavailable(tier: .redis, reason: "\(error)")
        }
    }

    deinit { redisFree(context) }

    static func timeval(_ span: Duration) -> timeval {
        let nanoseconds = span.nanoseconds
        return Glibc.timeval(tv_sec: Int(nanoseconds / 1_000_000_000), tv_usec: Int((nanoseconds % 1_000_000_000) / 1000))
    }

    /// Sends one command and waits for its reply.
    package func command(_ arguments: [String]) throws(StoreError) -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    package func command(_ arguments: [[UInt8]]) throws(StoreError) -> RedisReply {
        try append(arguments)
        return try readReply()
    }

    /// Sends several commands in one write and reads their replies in order.
    package func pipeline(_ commands: [[[UInt8]]]) throws(StoreError) -> [RedisReply] {
        for arguments in commands { try append(arguments) }
        var replies: [RedisReply] = []
        for _ in commands { replies.append(try readReply()) }
        return replies
    }

    /// Queues a command in the output buffer (written by the next `readReply`).
    package func append(_ arguments: [[UInt8]]) throws(StoreError) {
        try checkUsable()
        let status = Self.withArgv(arguments) { count, argv, lengths in
            redisAppendCommandArgv(context, count, argv, lengths)
        }
        if status != REDIS_OK { throw fail() }
    }

    /// Reads the next reply, flushing pending output first.
    package func readReply() throws(StoreError) -> RedisReply {
        try checkUsable()
        var raw: UnsafeMutableRawPointer? = nil
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw fail() }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Next reply already received or arriving within `timeoutMilliseconds`; nil when none came.
    /// For a subscribed connection, which must notice a stop request between messages.
    package func nextPushedReply(timeoutMilliseconds: Int32) throws(StoreError) -> RedisReply? {
        try checkUsable()
        var raw: UnsafeMutableRawPointer? = nil
        if redisGetReplyFromReader(context, &raw) != REDIS_OK { throw fail() }
        if raw == nil {
            let ready = tessera_redis_poll_readable(context, timeoutMilliseconds)
            if ready < 0 && errno != EINTR { throw fail() }
            if ready <= 0 { return nil }
            if redisBufferRead(context) != REDIS_OK { throw fail() }
            if redisGetReplyFromReader(context, &raw) != REDIS_OK { throw fail() }
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func checkUsable() throws(StoreError) {
        if isBroken { throw .unavailable(tier: .redis, reason: "connection is broken") }
    }

    private func fail() -> StoreError {
        isBroken = true
        let code = tessera_redis_err(context)
        let reason = code == 0 ? "connection lost" : String(cString: tessera_redis_errstr(context))
        return .unavailable(tier: .redis, reason: reason)
    }

    /// Lays the arguments out in one buffer and calls `body` with hiredis' argv triple.
    private static func withArgv<R>(
        _ arguments: [[UInt8]],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        let total = arguments.reduce(0) { $0 + $1.count + 1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, total)) { storage in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(1, arguments.count)) { argv in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, arguments.count)) { lengths in
                    var offset = 0
                    for (index, argument) in arguments.enumerated() {
                        let start = storage.baseAddress! + offset
                        argument.withUnsafeBufferPointer { source in
                            if let base = source.baseAddress { start.update(from: base, count: source.count) }
                        }
                        start[argument.count] = 0
                        argv[index] = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
                        lengths[index] = argument.count
                        offset += argument.count + 1
                    }
                    return body(Int32(arguments.count), argv.baseAddress!, UnsafePointer(lengths.baseAddress!))
                }
            }
        }
    }
}
