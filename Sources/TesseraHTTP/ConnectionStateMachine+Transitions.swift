extension ConnectionStateMachine {
    /// Takes one event (with the buffers as they are now, and the time) and returns what to do.
    /// A round of I/O starts with `accepted`, `readable`, `writable`, `responseReady`, `drain` or
    /// `timerExpired` and ends with `wait`, `waitForRequest`, `close` or `none`; the events in
    /// between report the outcome of the action just returned.
    package mutating func handle(_ event: Event, _ b: Buffers, now: UInt64) -> Action {
        if phase == .handshaking { return handshaking(event, b, now: now) }
        switch event {
        case .accepted:
            return .wait(arm(.idle, now: now))
        case .readable(let fin):
            if fin { finReported = true }
            progressed = false
            return serveNext(then: .read, b, now: now)
        case .writable:
            guard b.pendingOutput > 0 else { return .none }
            stage = .flushing(.writable)
            return .flush
        case .socketError, .readFailed:
            return closed()
        case .responseReady(let keepAlive):
            phase = keepAlive && !closeWhenAnswered ? .open : .closing
            guard phase == .open else {
                stage = .flushing(.settle)
                return .flush
            }
            return serveNext(then: .resume, b, now: now)
        case .drain:
            draining = true
            return isQuiet(b) ? closed() : .none
        case .timerExpired:
            return timer != .none && now >= deadline ? closed() : .none
        case .handshakeDone, .handshakePending, .handshakeFailed:
            return .none

        case .received(let short):
            return serveNext(then: .readOn(short: short), b, now: now)
        case .endOfInput:
            peerClosed = true
            return readNext(b, now: now)
        case .wouldBlock:
            return endReading(b)

        case .answered(let keepAlive):
            continueSent = false
            progressed = true
            if !keepAlive { phase = .closing }
            return serveNext(b, now: now)
        case .deferred:
            continueSent = false
            progressed = true
            phase = .awaitingResponse
            return afterServing(b, now: now)
        case .incomplete(let expectsContinue):
            if expectsContinue && !continueSent {
                continueSent = true
                return .sendContinue
            }
            return afterServing(b, now: now)
        case .continueQueued:
            return afterServing(b, now: now)
        case .refused:
            phase = .closing
            return afterServing(b, now: now)

        case .flushed, .writeFailed:
            if event == .writeFailed {
                peerClosed = true
                if phase == .awaitingResponse { closeWhenAnswered = true } else if phase == .open { phase = .closing }
            }
            return afterFlushing(b, now: now)
        }
    }

    /// Serves the next request if one may be: the connection is open, not backlogged, and bytes
    /// of a request wait. `then` starts a serving stage.
    /// Before a TLS connection may read requests: every socket event advances the handshake,
    /// whose deadline (the request timeout, armed at accept) is never pushed back, so a client
    /// trickling a ClientHello cannot hold the connection longer than a slow request could.
    private mutating func handshaking(_ event: Event, _ b: Buffers, now: UInt64) -> Action {
        switch event {
        case .accepted:
            // The ClientHello (if already there) is reported by epoll as soon as the socket is watched.
            return .wait(arm(.request, now: now))
        case .readable(let fin):
            if fin { finReported = true }
            return .handshake
        case .writable:
            return .handshake
        case .handshakePending:
            return .wait(.unchanged)
        case .handshakeDone:
            phase = .open
            // Request bytes may have come with the client's last flight: read them now (edge
            // triggering will not report them again).
            progressed = true
            return serveNext(then: .read, b, now: now)
        case .handshakeFailed, .socketError, .readFailed, .drain:
            return closed()
        case .timerExpired:
            return timer != .none && now >= deadline ? closed() : .none
        default:
            return .none
        }
    }

    private mutating func serveNext(then next: AfterServe? = nil, _ b: Buffers, now: UInt64) -> Action {
        if let next { stage = .serving(next) }
        if phase == .open && b.pendingOutput < Self.maxPendingOutput && b.partialRequest { return .serve }
        return afterServing(b, now: now)
    }

    private mutating func afterServing(_ b: Buffers, now: UInt64) -> Action {
        guard case .serving(let next) = stage else { return settle(b, now: now) }
        switch next {
        case .read:
            return readNext(b, now: now)
        case .readOn(let short):
            // A short read drained the socket, unless the peer's FIN is still to be read.
            return short && !finReported ? endReading(b) : readNext(b, now: now)
        case .resume:
            if phase == .open {
                // The socket may have become readable while the response was pending.
                progressed = false
                stage = .serving(.read)
                return serveNext(b, now: now)
            }
            stage = .flushing(.settle)
            return .flush
        }
    }

    private mutating func readNext(_ b: Buffers, now: UInt64) -> Action {
        stage = .reading
        if phase == .open && !peerClosed && b.pendingOutput < Self.maxPendingOutput { return .read }
        return endReading(b)
    }

    private mutating func endReading(_ b: Buffers) -> Action {
        stage = .flushing(.reading(backlogged: b.pendingOutput >= Self.maxPendingOutput))
        return .flush
    }

    private mutating func afterFlushing(_ b: Buffers, now: UInt64) -> Action {
        guard case .flushing(let next) = stage else { return settle(b, now: now) }
        let stillBacklogged = b.pendingOutput >= Self.maxPendingOutput
        switch next {
        case .reading(let wasBacklogged):
            // Stopped only because responses piled up, and the socket took them all: go on.
            if wasBacklogged && !stillBacklogged && phase == .open { return serveNext(then: .read, b, now: now) }
            return settle(b, now: now)
        case .writable:
            progressed = true
            if stillBacklogged || phase != .open { return settle(b, now: now) }
            // The peer caught up with its responses: serve what was held back, read on.
            return serveNext(then: .read, b, now: now)
        case .settle:
            progressed = true
            return settle(b, now: now)
        }
    }

    /// The round is over: close what is finished, or choose the timer to wait with.
    private mutating func settle(_ b: Buffers, now: UInt64) -> Action {
        stage = .idle
        if phase == .awaitingResponse {
            timer = .none
            return .wait(.cancel)
        }
        if b.pendingOutput > 0 {
            return .wait(progressed || timer != .idle ? arm(.idle, now: now) : .unchanged)
        }
        if phase == .closing || peerClosed || (draining && isQuiet(b)) { return closed() }
        if b.partialRequest {
            // A request trickling in does not push its deadline back.
            return .wait(progressed || timer != .request ? arm(.request, now: now) : .unchanged)
        }
        return .waitForRequest(progressed || timer != .idle ? arm(.idle, now: now) : .unchanged)
    }

    private mutating func arm(_ kind: TimerKind, now: UInt64) -> TimerChange {
        timer = kind
        deadline = now &+ (kind == .request ? requestTimeout : idleTimeout)
        return .arm(kind, deadline: deadline)
    }

    private mutating func closed() -> Action {
        phase = .closed
        stage = .idle
        timer = .none
        return .close
    }
}
