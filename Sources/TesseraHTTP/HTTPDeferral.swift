/// A response promised for later: created by `HTTPRequest.deferResponse()`, completed once from
/// any thread. The owning event loop appends it to the connection in request order.
package final class HTTPDeferral: @unchecked Sendable {
    // @unchecked: immutable; completing it only posts to the owning loop's locked mailbox.
    private let loop: EventLoop
    private let fd: Int32
    private let generation: UInt64
    private let keepAlive: Bool
    private let minorVersion: Int
    private let omitBody: Bool

    init(loop: EventLoop, fd: Int32, generation: UInt64, head: HTTPRequestHead) {
        self.loop = loop
        self.fd = fd
        self.generation = generation
        self.keepAlive = head.keepAlive
        self.minorVersion = head.minorVersion
        self.omitBody = head.method == .head
    }

    /// Builds the response with `fill` and hands it to the connection's loop, which serializes
    /// it: only the loop knows whether the connection still stays open (it may be draining). With
    /// `notBefore` (`MonotonicClock` nanoseconds) the loop holds the response until then, on its
    /// own timer: no thread waits.
    package func complete(notBefore: UInt64 = 0, _ fill: (inout HTTPResponseBuilder) -> Void) {
        var writer = HTTPResponseBuilder()
        fill(&writer)
        loop.post(.completed(fd: fd, generation: generation, response: writer,
                             keepAlive: keepAlive, minorVersion: minorVersion, omitBody: omitBody, notBefore: notBefore))
    }
}
