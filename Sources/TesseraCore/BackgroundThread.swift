#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the server starts a thread of its own (event loops, the backend executor, the log
/// writer, the span exporter, the revocation journal, the invalidation subscriber, the store
/// prober): a plain pthread running a closure, joined or detached by its owner. No Foundation
/// `Thread`, no Dispatch queue for long-running loops.
package enum BackgroundThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread; join it with `join(_:)` or let it go with `detach(_:)`.
    @discardableResult
    package static func start(_ body: @escaping () -> Void) -> pthread_t {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        let rc = pthread_create(&thread, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return thread
    }

    /// Starts `body` on a thread nobody joins.
    package static func detached(_ body: @escaping () -> Void) {
        pthread_detach(start(body))
    }

    package static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }
}
