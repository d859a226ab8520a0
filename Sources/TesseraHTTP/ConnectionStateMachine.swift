/// Where one connection stands, and what to do next, without any I/O.
///
/// Events and the time come in (`handle(_:_:now:)`), one action goes out; the event loop carries
/// the action out (`read`, `serve`, `flush`, ...) and reports its outcome as the next event, until
/// the machine says to wait for the socket (`wait`, `waitForRequest`, with the timer to arm) or
/// to `close`. The connection's buffers are described to it (`Buffers`) with every event; the
/// time is only ever the `now` handed in (nanoseconds of a monotonic clock), so tests drive it
/// with a manual clock. docs/ARCHITECTURE.md draws the states.
package struct ConnectionStateMachine: Sendable {
    package enum Phase: Equatable, Sendable {
        /// A TLS connection before its handshake is done: no request is read until it is, and it
        /// must be done within the request timeout.
        case handshaking
        /// Reading and serving requests.
        case open
        /// A handler deferred its response: nothing more is read or parsed until it arrives.
        case awaitingResponse
        /// No further request is served; the connection closes once its output is written.
        case closing
        case closed
    }

    package enum TimerKind: Equatable, Sendable {
        case none
        /// Between requests, or while the peer does not read its responses.
        case idle
        /// From the first byte of a request until it is whole.
        case request
    }

    package enum TimerChange: Equatable, Sendable {
        /// The timer stays as it is.
        case unchanged
        /// No deadline (a deferred response is being computed).
        case cancel
        case arm(TimerKind, deadline: UInt64)
    }

    /// What the connection's buffers hold when an event is reported.
    package struct Buffers: Equatable, Sendable {
        /// Response bytes not yet taken by the socket.
        package var pendingOutput: Int
        /// Request bytes received but not yet consumed by a request.
        package var partialRequest: Bool

        package init(pendingOutput: Int, partialRequest: Bool) {
            self.pendingOutput = pendingOutput
            self.partialRequest = partialRequest
        }
    }

    package enum Event: Equatable, Sendable {
        /// The connection was accepted.
        case accepted
        /// `handshake` finished the TLS handshake.
        case handshakeDone
        /// `handshake` needs the socket readable or writable again (TLS WANT_READ/WANT_WRITE).
        case handshakePending
        /// `handshake` failed (an alert, garbage, a closed socket): close.
        case handshakeFailed
        /// epoll: bytes (and with `finReported` the peer's FIN: EPOLLRDHUP/EPOLLHUP) to read.
        case readable(finReported: Bool)
        /// epoll: the socket takes more output.
        case writable
        /// epoll: EPOLLERR.
        case socketError

        /// `read` brought bytes; `short`: fewer than the space offered (the socket is drained).
        case received(short: Bool)
        /// `read` returned 0: the peer sends nothing more.
        case endOfInput
        /// `read` found nothing (EAGAIN), or the buffer is full at its limit.
        case wouldBlock
        case readFailed

        /// `serve` answered the request at the front; `keepAlive` as serialized.
        case answered(keepAlive: Bool)
        /// `serve` handed the request to a handler that answers later.
        case deferred
        /// The request at the front is not whole yet; `expectsContinue`: its head asks for
        /// `100 Continue` (HTTP/1.1 `Expect: 100-continue`).
        case incomplete(expectsContinue: Bool)
        /// `serve` refused the request and queued the error response.
        case refused
        /// `sendContinue` queued `100 Continue`.
        case continueQueued

        /// `flush` wrote what the socket took.
        case flushed
        /// `flush` failed: the peer is gone and the pending output was dropped.
        case writeFailed

        /// The deferred response was queued; `keepAlive` as serialized.
        case responseReady(keepAlive: Bool)
        /// The server shuts down.
        case drain
        /// The connection's listed deadline came.
        case timerExpired
    }

    package enum Action: Equatable, Sendable {
        /// Advance the TLS handshake; report `handshakeDone`/`handshakePending`/`handshakeFailed`.
        case handshake
        /// Read once from the socket into the buffer; report `received`/`endOfInput`/
        /// `wouldBlock`/`readFailed`.
        case read
        /// Parse the request at the front of the buffer and answer it; report `answered`/
        /// `deferred`/`incomplete`/`refused`.
        case serve
        /// Queue `HTTP/1.1 100 Continue`; report `continueQueued`.
        case sendContinue
        /// Write pending output; report `flushed`/`writeFailed`.
        case flush
        /// Wait for the next event with the timer changed so.
        case wait(TimerChange)
        /// Wait for the next request (nothing is buffered: the read buffer may be given back).
        case waitForRequest(TimerChange)
        case close
        /// Nothing to do for this event.
        case none
    }

    /// What the current round of I/O does once the step in progress ends.
    enum Stage: Equatable, Sendable {
        case idle
        /// Serving requests; then what `AfterServe` says.
        case serving(AfterServe)
        case reading
        case flushing(AfterFlush)
    }

    enum AfterServe: Equatable, Sendable {
        /// Read what the socket has.
        case read
        /// Bytes just read were served: read on unless that read drained the socket.
        case readOn(short: Bool)
        /// A deferred response went out and what was pipelined behind it was served.
        case resume
    }

    enum AfterFlush: Equatable, Sendable {
        /// Reading stopped; `backlogged`: because responses piled up.
        case reading(backlogged: Bool)
        /// The socket took more output (EPOLLOUT).
        case writable
        case settle
    }

    /// Responses this far behind the peer's reading stop further requests being served (or read).
    package static let maxPendingOutput = 256 * 1024

    package let idleTimeout: UInt64
    package let requestTimeout: UInt64
    package internal(set) var phase = Phase.open
    /// The peer sends nothing more (read returned 0, or a write failed).
    package internal(set) var peerClosed = false
    /// epoll reported the peer's FIN: read until `read` returns 0 (edge triggering would not
    /// report it again).
    package internal(set) var finReported = false
    /// `100 Continue` went out for the request at the front of the buffer.
    package internal(set) var continueSent = false
    /// A write failed while a response was deferred: close once it is queued.
    package internal(set) var closeWhenAnswered = false
    package internal(set) var draining = false
    package internal(set) var timer = TimerKind.none
    /// The deadline of `timer` (idle: pushed out by each request).
    package internal(set) var deadline: UInt64 = 0
    var stage = Stage.idle
    /// The current round answered a request or moved output: timers restart.
    var progressed = false

    /// - Parameter handshake: a TLS connection, which starts in `handshaking`.
    package init(idleTimeout: UInt64, requestTimeout: UInt64, handshake: Bool = false) {
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        if handshake { phase = .handshaking }
    }

    /// Whether a response the request and handler would keep alive does: not while draining.
    package func keepsAlive(_ requested: Bool) -> Bool { requested && !draining }

    /// Nothing in flight: no partial request, no deferred response, nothing left to write.
    package func isQuiet(_ b: Buffers) -> Bool {
        phase != .awaitingResponse && !b.partialRequest && b.pendingOutput == 0
    }
}
