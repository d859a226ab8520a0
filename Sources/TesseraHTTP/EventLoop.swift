import TesseraCore
import CLinux
import Glibc
import Synchronization

/// One I/O thread: an epoll set with its own listening socket (SO_REUSEPORT), the connections
/// it accepted, and a mailbox through which other threads hand it deferred responses and the
/// shutdown order. Everything a connection needs happens on this thread, without locks.
final class EventLoop: @unchecked Sendable {
    // @unchecked: the mutable state is touched on the loop's own thread only; other threads use `mailbox` (`Locked`) and `wakeFD`.
    enum Message {
        case completed(fd: Int32, generation: UInt64, response: HTTPResponseBuilder,
                       keepAlive: Bool, minorVersion: Int, omitBody: Bool, notBefore: UInt64)
        case shutdown(drainNanos: UInt64)
        /// Every response from now on closes its connection; new connections are still accepted.
        case closeAfterResponses
    }

    let epfd: Int32
    let wakeFD: Int32
    var listener: Int32
    let limits: HTTPLimits
    let parser: HTTPParser
    let handler: any HTTPHandler
    let counter: ConnectionCounter
    /// TLS (or not) and trusted proxies, the same for every loop of a server.
    let security: TransportSecurity
    private let mailbox = Locked<[Message]>([])

    var connections: [Connection?] = []
    var fields: [HTTPHeaderField] = []
    var writer = HTTPResponseBuilder()
    var date = HTTPDate()
    var idleTimers = TimerList()
    var requestTimers = TimerList()
    /// Completed responses held until their `notBefore` (`EventLoop+Held`), earliest first.
    var held = HeldResponses()
    var nextGeneration: UInt64 = 1
    var draining = false
    var drainDeadline: UInt64 = 0
    /// The drain's first phase (`HTTPServer.closeAfterResponses`): keep-alive ends with the next
    /// response of each connection, so clients reconnect (to another node, once a load balancer
    /// has stopped sending here) before the listener closes.
    var closingAfterResponses = false
    var openCount = 0
    /// Request heads parsed (complete or not): work counted for tests.
    var parsedHeads = 0
    /// CLOCK_MONOTONIC as of the latest wake-up of this loop.
    var now: UInt64 = 0
    /// Wake-ups counted, and the last one that accepted a connection (`acceptConnections`).
    private var wakeUps = 0
    private var lastAcceptWakeUp = Int.min

    /// The listening socket is this loop's own (SO_REUSEPORT): the loop closes it.
    init(listener: Int32, limits: HTTPLimits, handler: any HTTPHandler,
         counter: ConnectionCounter, security: TransportSecurity = .plain) throws(HTTPError) {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw .system(call: "epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw .system(call: "eventfd", errno: errno) }
        self.listener = listener
        self.limits = limits
        self.parser = HTTPParser(maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount)
        self.handler = handler
        self.counter = counter
        self.security = security
        fields.reserveCapacity(limits.maxHeaderCount)
        watch(listener, events: EPOLLIN.rawValue)
        watch(wakeFD, events: EPOLLIN.rawValue)
    }

    func watch(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
    }

    /// Hands a message to the loop from any thread.
    func post(_ message: Message) {
        mailbox.withLock { $0.append(message) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// The thread body: runs until a shutdown has drained every connection.
    func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        date.refresh()
        while true {
            let n = epoll_wait(epfd, events, Int32(capacity), waitTimeout(cap: 1000))
            wakeUps &+= 1
            // One clock read per wake-up serves every deadline set while handling this batch.
            now = MonotonicClock.now()
            date.refresh()
            if n > 0 {
                for i in 0..<Int(n) {
                    let event = events[i]
                    let fd = event.data.fd
                    if fd == listener {
                        acceptConnections()
                    } else if fd == wakeFD {
                        drainMailbox()
                    } else if fd >= 0, fd < connections.count, let connection = connections[Int(fd)] {
                        serviceEvent(connection, events: event.events)
                    }
                }
            }
            now = MonotonicClock.now()
            if !held.isEmpty { releaseHeld(now: now) }
            expireTimers(now: now)
            if draining && (openCount == 0 || now >= drainDeadline) { break }
        }
        for case let connection? in connections { close(connection) }
    }

    /// The wake and epoll descriptors live as long as the loop object, not its thread: a deferral
    /// completed after the loop stopped still posts to `wakeFD`, which must not have been reused.
    deinit {
        Glibc.close(wakeFD)
        Glibc.close(epfd)
    }

    /// One connection per wake-up while they arrive one at a time, and the queue drained (up to
    /// 256) when the listener is ready again on the very next wake-up: a burst. The listener is
    /// level-triggered, so a connection left waiting wakes the next `epoll_wait` at once. Draining
    /// every time ends with an `accept4` that fails (EAGAIN): one extra system call per connection
    /// of a steady client, which nginx (one accept per event) does not make.
    private func acceptConnections() {
        let limit = lastAcceptWakeUp &+ 1 == wakeUps ? 256 : 1
        var accepted = 0
        defer { if accepted > 0 { lastAcceptWakeUp = wakeUps } }
        var peer = sockaddr_storage()
        while accepted < limit, let fd = Socket.accept(listener, peer: &peer) {
            accepted += 1
            guard counter.tryAcquire(limit: limits.maxConnections) else {
                Glibc.close(fd)
                continue
            }
            let address = PeerAddress(&peer)
            var tls: TLSConnection?
            if let box = security.tls {
                tls = TLSConnection(context: box.current, fd: fd)
                guard tls != nil else {
                    Glibc.close(fd)
                    counter.release()
                    continue
                }
            }
            let connection = Connection(fd: fd, generation: nextGeneration, peer: address, limits: limits, tls: tls,
                                        fromTrustedProxy: !security.trustedProxies.isEmpty && security.trustedProxies.contains(address))
            nextGeneration &+= 1
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
            }
            connections[Int(fd)] = connection
            openCount += 1
            watch(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue)
            handle(connection, .accepted)
        }
    }

    private func drainMailbox() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
        let messages = mailbox.withLock { box in
            let taken = box
            box.removeAll()
            return taken
        }
        for message in messages {
            switch message {
            case let .completed(fd, generation, response, keepAlive, minorVersion, omitBody, notBefore):
                if notBefore > now {
                    held.insert(HeldResponse(fd: fd, generation: generation, response: response, keepAlive: keepAlive,
                                      minorVersion: minorVersion, omitBody: omitBody, notBefore: notBefore))
                    continue
                }
                resumeIfOpen(fd: fd, generation: generation, response, keepAlive: keepAlive, minorVersion: minorVersion,
                             omitBody: omitBody)
            case let .shutdown(drainNanos):
                beginDrain(deadline: MonotonicClock.now() &+ drainNanos)
            case .closeAfterResponses:
                closingAfterResponses = true
            }
        }
    }

    private func beginDrain(deadline: UInt64) {
        guard !draining else { return }
        draining = true
        drainDeadline = deadline
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, listener, nil)
        Glibc.close(listener)
        listener = -1
        // Quiet connections close now, the others once their requests are answered.
        for case let connection? in connections { handle(connection, .drain) }
    }

    func close(_ connection: Connection) {
        guard Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection else { return }
        unlinkTimer(connection)
        connections[Int(connection.fd)] = nil
        connection.tls?.shutdown()
        Glibc.close(connection.fd)
        openCount -= 1
        counter.release()
    }
}

/// The process-wide count of open connections, shared by every loop for `max_connections`.
package final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)

    package init() {}

    package var current: Int { open.load(ordering: .relaxed) }

    func tryAcquire(limit: Int) -> Bool {
        let after = open.wrappingAdd(1, ordering: .relaxed).newValue
        if after > limit {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }
}
