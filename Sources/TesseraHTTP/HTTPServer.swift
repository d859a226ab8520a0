import TesseraCore
import Glibc

/// The HTTP/1.1 server: one event loop thread per worker, each with its own SO_REUSEPORT
/// listening socket so the kernel spreads connections without a shared accept lock.
package final class HTTPServer: @unchecked Sendable {
    // @unchecked: `loops`, `threads` and `port` are written by `start` before the loop threads exist, then only read.
    package let options: HTTPServerOptions
    private let handler: any HTTPHandler
    private var loops: [EventLoop] = []
    private var threads: [pthread_t] = []
    package let connections: ConnectionCounter
    package private(set) var port: UInt16 = 0

    package init(options: HTTPServerOptions, handler: any HTTPHandler, connections: ConnectionCounter = ConnectionCounter()) {
        self.options = options
        self.handler = handler
        self.connections = connections
    }

    /// Binds every listening socket, then starts the loops. Connections are accepted once this
    /// returns; the port is the one bound (useful with port 0).
    @discardableResult
    package func start() throws(HTTPError) -> UInt16 {
        Socket.raiseFileLimit()
        signal(SIGPIPE, SIG_IGN)
        let workers = options.workers > 0 ? options.workers : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var port = options.port
        var listeners: [Int32] = []
        do {
            listeners = try bindListeners(workers: workers, port: &port)
            for index in 0..<workers {
                loops.append(try EventLoop(listener: listeners[index], limits: options.limits,
                                           handler: handler, counter: connections, security: options.security))
            }
        } catch {
            for fd in listeners { close(fd) }
            throw error
        }
        self.port = port
        for loop in loops {
            threads.append(BackgroundThread.start { loop.run() })
        }
        return port
    }

    /// The listening sockets, one per loop with SO_REUSEPORT (a single socket shared by every loop
    /// with EPOLLEXCLUSIVE measured slower: docs/PERFORMANCE.md). The address is first
    /// bound by a probe socket *without* SO_REUSEPORT: the kernel lets any number of SO_REUSEPORT
    /// sockets of one user share a port, so without the probe a second server on a taken port
    /// would start and split the first one's connections (`HTTPError.listen` with `EADDRINUSE`
    /// instead). For port 0 the probe also picks the port, one no other socket holds (the test
    /// suite starts dozens of servers on port 0). A server binding the same port between the
    /// probe and the workers' binds is not seen: the window is a few system calls at start-up.
    private func bindListeners(workers: Int, port: inout UInt16) throws(HTTPError) -> [Int32] {
        var attempt = 0
        while true {
            attempt += 1
            // Bound and listening (not merely bound), so that an in-use address is refused
            // whatever the other socket's options.
            let probe = try Socket.listen(host: options.host, port: port, backlog: 1, reusePort: false)
            let chosen: UInt16
            do { chosen = try Socket.localPort(probe) } catch { close(probe); throw error }
            close(probe)
            var fds: [Int32] = []
            do {
                for _ in 0..<workers {
                    fds.append(try Socket.listen(host: options.host, port: chosen, backlog: 4096, reusePort: true))
                }
                port = chosen
                return fds
            } catch {
                for fd in fds { close(fd) }
                // Another process took the probed port between the probe and the bind: probe again.
                guard port == 0, attempt < 8, error.isAddressInUse else { throw error }
            }
        }
    }

    /// The first phase of a drain: connections are still accepted and served, but each is closed
    /// after its next response (`Connection: close`), so none is idle on the old node when the
    /// listener closes (`shutdown`) and no client sends into a connection being closed.
    package func closeAfterResponses() {
        for loop in loops { loop.post(.closeAfterResponses) }
    }

    /// Stops accepting, lets requests in flight finish for at most `drain`, then closes the rest.
    package func shutdown(drain: Duration = .seconds(10)) {
        let nanos = drain.nanoseconds
        for loop in loops { loop.post(.shutdown(drainNanos: nanos)) }
    }

    /// The request heads every loop parsed, complete or not (once `wait` returned: the loops'
    /// counters are read without synchronisation).
    package var parsedHeads: Int { loops.reduce(0) { $0 + $1.parsedHeads } }

    /// Blocks until every loop has stopped (after `shutdown`).
    package func wait() {
        for thread in threads { BackgroundThread.join(thread) }
        threads.removeAll()
    }
}
