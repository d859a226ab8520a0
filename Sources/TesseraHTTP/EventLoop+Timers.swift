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
    /// Puts the connection on the timer list its state machine chose. The deadline itself is the
    /// machine's; the lists only order connections for expiry.
    func applyTimer(_ connection: Connection, _ change: ConnectionStateMachine.TimerChange) {
        switch change {
        case .unchanged:
            return
        case .cancel:
            unlinkTimer(connection)
        case .arm(let kind, let deadline):
            if kind == .idle && connection.listedTimer == .idle {
                // A keep-alive connection answered a request: its deadline moved out, but it
                // stays where it is in the list (relinking on every request showed up as
                // retain/release in profiles). `expireTimers` moves it when its listed deadline comes.
                return
            }
            unlinkTimer(connection)
            connection.listedTimer = kind
            connection.listedDeadline = deadline
            switch kind {
            case .none: break
            case .idle: idleTimers.append(connection)
            case .request: requestTimers.append(connection)
            }
        }
    }

    func unlinkTimer(_ connection: Connection) {
        switch connection.listedTimer {
        case .none: break
        case .idle: idleTimers.remove(connection)
        case .request: requestTimers.remove(connection)
        }
        connection.listedTimer = .none
    }

    /// The epoll_wait timeout: until the earliest deadline (a held response, the head of either
    /// timer list, the drain's end), rounded up so it is due when the loop wakes, and at most
    /// `cap` milliseconds. A fixed 100 ms tick woke a loop ten times a second for nothing (a
    /// keep-alive connection's deadline is a minute away): a system call each.
    func waitTimeout(cap: Int32) -> Int32 {
        var earliest = held.earliest ?? .max
        if let c = requestTimers.head { earliest = min(earliest, c.listedDeadline) }
        if let c = idleTimers.head { earliest = min(earliest, c.listedDeadline) }
        if draining { earliest = min(earliest, drainDeadline) }
        guard earliest != .max else { return cap }
        // `now` was read after the last batch, just before this wait.
        guard earliest > now else { return 0 }
        return Int32(min(UInt64(cap), (earliest - now + 999_999) / 1_000_000))
    }

    /// Closes connections whose request did not arrive in time or that sat idle too long. The
    /// lists are ordered by listed deadline; a connection whose machine moved its deadline later
    /// is put back in order with it.
    func expireTimers(now: UInt64) {
        while let c = requestTimers.head, c.listedDeadline <= now { expire(c, now: now) }
        while let c = idleTimers.head, c.listedDeadline <= now { expire(c, now: now) }
    }

    private func expire(_ c: Connection, now: UInt64) {
        if c.machine.handle(.timerExpired, c.buffers, now: now) == .close {
            close(c)
            return
        }
        let kind = c.listedTimer
        unlinkTimer(c)
        c.listedTimer = kind
        c.listedDeadline = c.machine.deadline
        if kind == .idle { idleTimers.insertSorted(c) } else { requestTimers.insertSorted(c) }
    }
}
