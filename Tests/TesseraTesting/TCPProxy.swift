import Foundation
import Glibc

/// A loopback TCP relay to `upstreamPort` that a test can cut (every connection dropped, new ones
/// refused) and restore on the same port: PostgreSQL "going down" without stopping the shared server.
///
/// Descriptor discipline: the test process runs many suites at once, and a descriptor number
/// closed here is at once handed to another suite's socket. So a descriptor is closed exactly
/// once, by the thread that last uses it, and nothing touches it after: the listener by its accept
/// thread (which `cut` stops and waits for), a relayed pair by whichever of its two pumps ends
/// last. `cut` shuts sockets down (which wakes their threads) but closes none itself.
package final class TCPProxy: @unchecked Sendable {
    // @unchecked: `listener`, `relays` and `stalled` are only touched under `lock`.
    package let port: Int32
    private let upstreamPort: Int32
    private let lock = NSLock()
    private var listener: Listener?
    private var relays: [ObjectIdentifier: Relay] = [:]
    private var stalled = false

    /// A listening socket and the signal its accept thread gives once it has closed it.
    private final class Listener: @unchecked Sendable {
        // @unchecked: `stopping` is only touched under the proxy's `lock`.
        let fd: Int32
        var stopping = false
        let closed = DispatchSemaphore(value: 0)
        init(fd: Int32) { self.fd = fd }
    }

    /// Both ends of one relayed connection; closed when both pumps have ended.
    private final class Relay: @unchecked Sendable {
        // @unchecked: `pumpsEnded` is only touched under the proxy's `lock`.
        let client: Int32
        let upstream: Int32
        var pumpsEnded = 0
        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }
    }

    /// Stalled: bytes are taken in but not passed on, in either direction (a server that stopped
    /// answering without closing anything).
    package var isStalled: Bool {
        get { lock.lock(); defer { lock.unlock() }; return stalled }
        set { lock.lock(); stalled = newValue; lock.unlock() }
    }

    package init(upstreamPort: Int32) throws {
        self.upstreamPort = upstreamPort
        port = try LoopbackPort.free()
        try open()
    }

    package func open() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withLoopbackAddress(port) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw HarnessError.socket("proxy bind \(port): \(reason)")
        }
        let listener = Listener(fd: fd)
        lock.lock()
        self.listener = listener
        lock.unlock()
        Thread.detachNewThread { [self] in acceptLoop(listener) }
    }

    /// Drops every relayed connection and stops accepting; returns once the port is free.
    package func cut() {
        lock.lock()
        let stopped = listener
        listener = nil
        stopped?.stopping = true
        for relay in relays.values {
            shutdown(relay.client, Int32(SHUT_RDWR))
            shutdown(relay.upstream, Int32(SHUT_RDWR))
        }
        lock.unlock()
        if let stopped { _ = stopped.closed.wait(timeout: .now() + 5) }
    }

    deinit { cut() }

    private func acceptLoop(_ listener: Listener) {
        var poller = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
        while true {
            lock.lock()
            let stopping = listener.stopping
            lock.unlock()
            if stopping { break }
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener.fd, nil, nil)
            guard client >= 0 else { continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let connected = withLoopbackAddress(upstreamPort) { connect(upstream, $0, $1) } == 0
            lock.lock()
            let live = !listener.stopping && connected
            let relay = Relay(client: client, upstream: upstream)
            if live { relays[ObjectIdentifier(relay)] = relay }
            lock.unlock()
            guard live else {
                close(client)
                close(upstream)
                continue
            }
            Thread.detachNewThread { [self] in pump(relay, from: relay.client, to: relay.upstream) }
            Thread.detachNewThread { [self] in pump(relay, from: relay.upstream, to: relay.client) }
        }
        close(listener.fd)
        listener.closed.signal()
    }

    private func pump(_ relay: Relay, from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = recv(from, &buffer, buffer.count, 0)
            if n <= 0 { break }
            while isStalled { usleep(5_000) }
            if send(to, buffer, n, Int32(MSG_NOSIGNAL)) != n { break }
        }
        lock.lock()
        // Wakes the other pump; both descriptors are still open until the last pump ends.
        shutdown(relay.client, Int32(SHUT_RDWR))
        shutdown(relay.upstream, Int32(SHUT_RDWR))
        relay.pumpsEnded += 1
        let last = relay.pumpsEnded == 2
        if last { relays[ObjectIdentifier(relay)] = nil }
        lock.unlock()
        if last {
            close(relay.client)
            close(relay.upstream)
        }
    }
}
