import Glibc

/// The HTTP/1.1 server: one event loop thread per worker, each with its own SO_REUSEPORT
/// listening socket so the kernel spreads connections without a shared accept lock.
package final class HTTPServer: @unchecked Sendable {
    package let options: HTTPServerOptions
    private let handler: any HTTPHandler
    private var loops: [EventLoop] = []
    private var threads: [pthread_t] = []
    package let connections: ConnectionCounter
    package private(set) var port: UInt16 = 0
    private var sharedListener: Int32 = -1

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
            for _ in 0..<(options.sharedListener ? 1 : workers) {
                let fd = try Socket.listen(host: options.host, port: port, backlog: 4096)
                listeners.append(fd)
                if port == 0 { port = try Socket.localPort(fd) }
            }
            for index in 0..<workers {
                let fd = listeners[options.sharedListener ? 0 : index]
                loops.append(try EventLoop(listener: fd, shared: options.sharedListener, limits: options.limits,
                                           handler: handler, counter: connections))
            }
            sharedListener = options.sharedListener ? listeners[0] : -1
        } catch {
            for fd in listeners { close(fd) }
            throw error
        }
        self.port = port
        for loop in loops {
            threads.append(ThreadRunner.start { loop.run() })
        }
        return port
    }

    /// Stops accepting, lets requests in flight finish for at most `drain`, then closes the rest.
    package func shutdown(drain: Duration = .seconds(10)) {
        let nanos = HTTPLimits.nanos(drain)
        for loop in loops { loop.post(.shutdown(drainNanos: nanos)) }
    }

    /// Blocks until every loop has stopped (after `shutdown`).
    package func wait() {
        for thread in threads { ThreadRunner.join(thread) }
        threads.removeAll()
        if sharedListener >= 0 {
            close(sharedListener)
            sharedListener = -1
        }
    }
}
