/// An intrusive list of connections ordered by the deadline they were listed with. Every
/// connection on one list got the same timeout added to "now" when it was appended, so appending
/// keeps the list sorted and expiry only ever looks at the head: O(1) per connection and per tick.
struct TimerList {
    var head: Connection?
    var tail: Connection?

    mutating func append(_ c: Connection) {
        c.timerPrev = tail
        c.timerNext = nil
        if let tail { tail.timerNext = c } else { head = c }
        tail = c
    }

    /// Inserts `c` by its listed deadline, walking back from the tail (a deadline pushed out by
    /// recent activity belongs near the tail, so the walk is short).
    mutating func insertSorted(_ c: Connection) {
        var after = tail
        while let node = after, node.listedDeadline > c.listedDeadline { after = node.timerPrev }
        guard let after else {
            c.timerPrev = nil
            c.timerNext = head
            if let head { head.timerPrev = c } else { tail = c }
            head = c
            return
        }
        c.timerPrev = after
        c.timerNext = after.timerNext
        if let next = after.timerNext { next.timerPrev = c } else { tail = c }
        after.timerNext = c
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
        if kind == .idle && connection.timer == .idle {
            // A keep-alive connection answers a request: push its deadline out without moving it
            // in the list (relinking on every request showed up as retain/release in profiles).
            // `expireTimers` moves it to the tail when its listed deadline comes.
            connection.deadline = now &+ limits.idleTimeoutNanos
            return
        }
        unlinkTimer(connection)
        connection.timer = kind
        switch kind {
        case .none:
            return
        case .idle:
            connection.deadline = now &+ limits.idleTimeoutNanos
            connection.listedDeadline = connection.deadline
            idleTimers.append(connection)
        case .request:
            connection.deadline = now &+ limits.requestTimeoutNanos
            connection.listedDeadline = connection.deadline
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
    /// The lists are ordered by listed deadline; an idle connection whose real deadline moved
    /// later is put back in order with it.
    func expireTimers(now: UInt64) {
        while let c = requestTimers.head, c.deadline <= now { close(c) }
        while let c = idleTimers.head, c.listedDeadline <= now {
            if c.deadline <= now {
                close(c)
            } else {
                idleTimers.remove(c)
                c.listedDeadline = c.deadline
                idleTimers.insertSorted(c)
            }
        }
    }
}
