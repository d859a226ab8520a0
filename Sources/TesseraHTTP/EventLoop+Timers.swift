/// An intrusive list of connections ordered by deadline. Every connection on one list got the
/// same timeout added to "now" when it was appended, so appending keeps the list sorted and
/// expiry only ever looks at the head: O(1) per connection and per tick.
struct TimerList {
    var head: Connection?
    var tail: Connection?

    mutating func append(_ c: Connection) {
        c.timerPrev = tail
        c.timerNext = nil
        if let tail { tail.timerNext = c } else { head = c }
        tail = c
    }

    mutating func remove(_ c: Connection) {
        if let prev = c.timerPrev { prev.timerNext = c.timerNext } else { head = c.timerNext }
        if let next = c.timerNext { next.timerPrev = c.timerPrev } else { tail = c.timerPrev }
        c.timerPrev = nil
        c.timerNext = nil
    }
}

extension EventLoop {
    func setTimer(_ connection: Connection, _ kind: Connection.TimerKind, now: UInt64) {
        unlinkTimer(connection)
        connection.timer = kind
        switch kind {
        case .none:
            return
        case .idle:
            connection.deadline = now &+ limits.idleTimeoutNanos
            idleTimers.append(connection)
        case .request:
            connection.deadline = now &+ limits.requestTimeoutNanos
            requestTimers.append(connection)
        }
    }

    func unlinkTimer(_ connection: Connection) {
        switch connection.timer {
        case .none: break
        case .idle: idleTimers.remove(connection)
        case .request: requestTimers.remove(connection)
        }
        connection.timer = .none
    }

    /// Closes connections whose request did not arrive in time or that sat idle too long.
    func expireTimers(now: UInt64) {
        while let c = requestTimers.head, c.deadline <= now { close(c) }
        while let c = idleTimers.head, c.deadline <= now { close(c) }
    }
}
