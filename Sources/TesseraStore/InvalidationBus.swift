import TesseraCore
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Invalidations across nodes over one Redis channel. `publish` sends through the pool; a thread
/// of its own holds a subscribed connection and hands every message to `handler`. When the
/// subscription is lost the bus says so (`trust`), so local tiers stop trusting what they cached
/// before -- they may have missed a message -- until it is back; it reconnects with capped
/// exponential backoff and jitter.
package final class InvalidationBus: @unchecked Sendable {
    // @unchecked: `stopping` and `thread` are only touched under `lock`; the trust word is atomic.
    /// How far the local tier may trust its entries right now.
    package struct Trust: Sendable, Equatable {
        /// Subscribed now: entries cached since `floor` are trusted for their full TTL.
        package var subscribed: Bool
        /// Entries cached before this (monotonic nanoseconds) may have missed an invalidation.
        package var floor: UInt64

        package init(subscribed: Bool, floor: UInt64) {
            self.subscribed = subscribed
            self.floor = floor
        }
    }

    private let pool: RedisPool
    private let options: RedisOptions
    private let lock = PthreadMutex()
    /// `Trust` packed for a lock-free read on every lookup: bit 63 subscribed, the rest the floor.
    private let packed = Atomic<UInt64>(0)
    private var stopping = false
    private var thread: pthread_t?
    private let handler: @Sendable (InvalidationMessage) -> Void
    private let onSubscribed: @Sendable (_ again: Bool) throws(StoreError) -> Void

    /// - Parameters:
    ///   - handler: called on the bus thread with every message.
    ///   - onSubscribed: called on the bus thread each time the subscription is (re)established,
    ///     before `trust` says subscribed (and before any message is handled); `again` is true
    ///     when messages may have been missed (after an outage, or a first subscription that
    ///     took more than one attempt). When it throws, the subscription is dropped and retried.
    package init(
        pool: RedisPool, handler: @escaping @Sendable (InvalidationMessage) -> Void,
        onSubscribed: @escaping @Sendable (_ again: Bool) throws(StoreError) -> Void = { _ in }
    ) {
        self.onSubscribed = onSubscribed
        self.pool = pool
        self.options = pool.options
        self.handler = handler
    }

    package var trust: Trust {
        let value = packed.load(ordering: .acquiring)
        return Trust(subscribed: value >> 63 == 1, floor: value & ~(1 << 63))
    }

    private func setTrust(subscribed: Bool, floor: UInt64) {
        packed.store((subscribed ? 1 << 63 : 0) | (floor & ~(1 << 63)), ordering: .releasing)
    }

    /// Publishes; returns the number of nodes that received it.
    @discardableResult
    package func publish(_ message: InvalidationMessage) throws(StoreError) -> Int {
        Self.check(try pool.command([Array("PUBLISH".utf8), Array(InvalidationMessage.channel.utf8), message.encoded]))
    }

    /// Publishes over any pool (the CLI has no bus of its own).
    @discardableResult
    package static func publish(_ message: InvalidationMessage, pool: RedisPool) throws(StoreError) -> Int {
        check(try pool.command([Array("PUBLISH".utf8), Array(InvalidationMessage.channel.utf8), message.encoded]))
    }

    private static func check(_ reply: RedisReply) -> Int {
        if case .integer(let receivers) = reply { return Int(receivers) }
        return 0
    }

    package func start() {
        let thread = BackgroundThread.start { self.run() }
        lock.withLock { self.thread = thread }
    }

    package func stop() {
        let thread: pthread_t? = lock.withLock {
            stopping = true
            return self.thread
        }
        if let thread { pthread_join(thread, nil) }
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func run() {
        var failures = 0
        var subscribedBefore = false
        while !isStopping {
            do {
                let connection = try RedisConnection(options)
                let reply = try connection.command([Array("SUBSCRIBE".utf8), Array(InvalidationMessage.channel.utf8)])
                guard case .array = reply else {
                    throw StoreError.unavailable(tier: .redis, reason: "SUBSCRIBE refused")
                }
                // Before trusting: what the handler clears (stale shared entries) must be gone
                // before a local entry fetched again can find it.
                try onSubscribed(subscribedBefore || failures > 0)
                failures = 0
                setTrust(subscribed: true, floor: MonotonicClock.systemNanoseconds())
                subscribedBefore = true
                while !isStopping {
                    guard let pushed = try connection.nextPushedReply(timeoutMilliseconds: 200) else { continue }
                    if case .array(let parts) = pushed, parts.count == 3, parts[0].bytes == Array("message".utf8),
                        let payload = parts[2].bytes, let message = InvalidationMessage(decoding: payload)
                    {
                        handler(message)
                    }
                }
            } catch {
                setTrust(subscribed: false, floor: trust.floor)
                failures += 1
                let delay = Backoff(base: options.backoffBase, cap: min(options.backoffCap, .milliseconds(500)))
                    .delay(afterFailures: failures)
                var remaining = delay.nanoseconds
                while remaining > 0 && !isStopping {
                    let step = min(remaining, 50_000_000)
                    usleep(UInt32(step / 1000))
                    remaining -= step
                }
            }
        }
        setTrust(subscribed: false, floor: trust.floor)
    }
}
