import Glibc

/// One client connection, owned by exactly one event loop thread: its state machine, its read
/// buffer (which grows on demand up to the limits and is released when the connection is idle),
/// the bytes still to be written, and where it stands in the loop's timer lists.
final class Connection {
    let fd: Int32
    let generation: UInt64
    /// The remote address the kernel reported at accept.
    let peer: PeerAddress
    /// The TLS session of a connection on an HTTPS listener; nil for plain HTTP.
    let tls: TLSConnection?
    /// The peer is in `server.trusted_proxies`: its `Client-Cert` header speaks for the client.
    let fromTrustedProxy: Bool
    /// Where the connection stands (no I/O in it); the loop carries out its actions.
    var machine: ConnectionStateMachine
    var input: UnsafeMutableRawPointer?
    var capacity = 0
    /// The first byte not yet consumed by a request.
    var start = 0
    /// The bytes read into `input`.
    var count = 0
    var output = OutputBuffer()
    var sent = 0
    /// How far the chunked body of the request at `start` has been validated, so that each read
    /// scans only the bytes it brought.
    var chunkedProgress = ChunkedBody.Progress()
    /// The head of the request at `start`, parsed once while its body is still arriving (with its
    /// fields), so that a body in many reads does not have its head parsed again on each.
    var pendingHead: HTTPRequestHead?
    var pendingFields: [HTTPHeaderField] = []

    /// The timer list the connection is on, and the deadline it had when appended to it (the
    /// list's order); an idle deadline pushed later since then (`machine.deadline`) is picked up
    /// when this one comes due.
    var listedTimer = ConnectionStateMachine.TimerKind.none
    var listedDeadline: UInt64 = 0
    var timerPrev: Connection?
    var timerNext: Connection?

    init(fd: Int32, generation: UInt64, peer: PeerAddress = .unknown, limits: HTTPLimits = HTTPLimits(),
         tls: TLSConnection? = nil, fromTrustedProxy: Bool = false) {
        self.fd = fd
        self.generation = generation
        self.peer = peer
        self.tls = tls
        self.fromTrustedProxy = fromTrustedProxy
        machine = ConnectionStateMachine(idleTimeout: limits.idleTimeoutNanos, requestTimeout: limits.requestTimeoutNanos,
                                         handshake: tls != nil)
    }

    var hasPendingOutput: Bool { sent < output.count }
    var hasPartialRequest: Bool { start < count }
    /// The buffers as the state machine sees them.
    var buffers: ConnectionStateMachine.Buffers {
        ConnectionStateMachine.Buffers(pendingOutput: output.count - sent, partialRequest: start < count)
    }

    /// Makes room for at least one more read: compacts consumed bytes away, then grows (doubling)
    /// up to `limit`. Returns false when the buffer is full at its limit.
    func reserveSpace(limit: Int) -> Bool {
        if input == nil {
            capacity = Swift.min(4096, limit)
            input = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        if count < capacity { return true }
        if start > 0 {
            compact()
            return true
        }
        guard capacity < limit else { return false }
        let grown = Swift.min(capacity * 2, limit)
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        fresh.copyMemory(from: input!, byteCount: count)
        input!.deallocate()
        input = fresh
        capacity = grown
        return true
    }

    func compact() {
        guard start > 0, let input else { return }
        let remaining = count - start
        if remaining > 0 { memmove(input, input + start, remaining) }
        start = 0
        count = remaining
    }

    /// Gives the read buffer back while the connection waits for its next request, so thousands
    /// of idle keep-alive connections cost little memory.
    func releaseInputIfEmpty() {
        guard start == count, let input, capacity > 4096 else {
            if start == count { start = 0; count = 0 }
            return
        }
        input.deallocate()
        self.input = nil
        capacity = 0
        start = 0
        count = 0
    }

    func releaseOutputIfSent() {
        guard sent == output.count else { return }
        if output.capacity > 65536 {
            output.release()
        } else {
            output.removeAll()
        }
        sent = 0
    }

    deinit {
        input?.deallocate()
    }
}
