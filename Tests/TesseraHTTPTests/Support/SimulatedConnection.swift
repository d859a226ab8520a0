@testable import TesseraHTTP

/// A connection without a socket, driven the way `EventLoop.handle` drives a real one: the
/// state machine's actions are carried out on scripted reads, whole or partial requests, and a
/// socket that takes a chosen number of responses per flush. Time is `now`, set by the test.
struct SimulatedConnection {
    typealias Machine = ConnectionStateMachine

    enum Piece: Equatable {
        case request(String, close: Bool = false, deferred: Bool = false)
        /// The first bytes of a request (its head asks for 100-continue or not).
        case fragment(expectsContinue: Bool = false)
    }

    static let second: UInt64 = 1_000_000_000
    /// Four responses this big are `maxPendingOutput`: the peer is backlogged.
    static let responseBytes = ConnectionStateMachine.maxPendingOutput / 4

    var machine = Machine(idleTimeout: 60 * second, requestTimeout: 10 * second)
    var now: UInt64 = 0
    /// What each coming `read` returns; after them, `endOfInput` if the peer sent its FIN.
    var reads: [[Piece]] = []
    var peerSentFIN = false
    var readsFillTheSpace = false
    var failWrites = false
    /// Responses the socket takes per flush.
    var socketTakes = Int.max
    /// What each coming TLS `handshake` step reports (then `handshakePending`).
    var handshakes: [Machine.Event] = []

    private(set) var buffer: [Piece] = []
    private(set) var queued: [String] = []
    private(set) var written: [String] = []
    private(set) var awaiting: [String] = []
    private(set) var actions: [Machine.Action] = []
    private(set) var closed = false

    var buffers: Machine.Buffers {
        Machine.Buffers(pendingOutput: queued.count * Self.responseBytes, partialRequest: !buffer.isEmpty)
    }
    var readCount: Int { actions.filter { $0 == .read }.count }

    /// Hands `event` to the machine and carries out its actions; returns the last one.
    @discardableResult
    mutating func handle(_ event: Machine.Event) -> Machine.Action {
        var action = machine.handle(event, buffers, now: now)
        while true {
            actions.append(action)
            let outcome: Machine.Event
            switch action {
            case .handshake: outcome = handshakes.isEmpty ? .handshakePending : handshakes.removeFirst()
            case .read: outcome = read()
            case .serve: outcome = serve()
            case .sendContinue:
                queued.append("100 Continue")
                outcome = .continueQueued
            case .flush: outcome = flush()
            case .close:
                closed = true
                return action
            case .wait, .waitForRequest, .none:
                return action
            }
            action = machine.handle(outcome, buffers, now: now)
        }
    }

    /// The data arrives: `reads` get `pieces` and epoll reports the socket readable.
    @discardableResult
    mutating func receive(_ pieces: [Piece], fin: Bool = false) -> Machine.Action {
        reads.append(pieces)
        if fin { peerSentFIN = true }
        return handle(.readable(finReported: fin))
    }

    /// The handler finishes the oldest deferred response.
    @discardableResult
    mutating func completeDeferred(keepAlive: Bool = true) -> Machine.Action {
        let name = awaiting.removeFirst()
        let keep = machine.keepsAlive(keepAlive)
        queued.append(keep ? name : name + " (close)")
        return handle(.responseReady(keepAlive: keep))
    }

    private mutating func read() -> Machine.Event {
        if !reads.isEmpty {
            buffer += reads.removeFirst()
            return .received(short: !readsFillTheSpace)
        }
        return peerSentFIN ? .endOfInput : .wouldBlock
    }

    private mutating func serve() -> Machine.Event {
        switch buffer[0] {
        case .fragment(let expectsContinue):
            return .incomplete(expectsContinue: expectsContinue)
        case let .request(name, close, deferred):
            buffer.removeFirst()
            if deferred {
                awaiting.append(name)
                return .deferred
            }
            let keep = machine.keepsAlive(!close)
            queued.append(keep ? name : name + " (close)")
            return .answered(keepAlive: keep)
        }
    }

    private mutating func flush() -> Machine.Event {
        if failWrites && !queued.isEmpty {
            queued.removeAll()
            return .writeFailed
        }
        let n = min(socketTakes, queued.count)
        written += queued.prefix(n)
        queued.removeFirst(n)
        return .flushed
    }

    /// The rest of a request whose fragment is at the front of the buffer arrives.
    mutating func completeFragment(with request: Piece) -> Machine.Action {
        buffer.removeFirst()
        return receive([request])
    }
}
