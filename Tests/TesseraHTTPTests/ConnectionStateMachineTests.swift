import Testing
@testable import TesseraHTTP

/// The connection state machine on a manual clock: timeouts, keep-alive, pipelining, deferred
/// responses, half-close, 100-continue, back-pressure and drain, without a socket or a sleep.
@Suite struct ConnectionStateMachineTests {
    typealias Sim = SimulatedConnection
    static let s = Sim.second

    @Test func aNewConnectionWaitsOnTheIdleTimer() {
        var c = Sim()
        #expect(c.handle(.accepted) == .wait(.arm(.idle, deadline: 60 * Self.s)))
        c.now = 60 * Self.s - 1
        #expect(c.handle(.timerExpired) == .none)
        c.now = 60 * Self.s
        #expect(c.handle(.timerExpired) == .close)
    }

    @Test func aRequestMustArriveWholeWithinTheRequestTimeout() {
        var c = Sim()
        c.handle(.accepted)
        c.now = 2 * Self.s
        #expect(c.receive([.fragment()]) == .wait(.arm(.request, deadline: 12 * Self.s)))
        // More bytes of the same request do not push the deadline back.
        c.now = 8 * Self.s
        #expect(c.receive([.fragment()]) == .wait(.unchanged))
        c.now = 12 * Self.s - 1
        #expect(c.handle(.timerExpired) == .none)
        c.now = 12 * Self.s
        #expect(c.handle(.timerExpired) == .close)
        #expect(c.written.isEmpty)
    }

    @Test func keepAliveRequestsPushTheIdleDeadlineOut() {
        var c = Sim()
        c.handle(.accepted)
        c.now = 1 * Self.s
        #expect(c.receive([.request("a")]) == .waitForRequest(.arm(.idle, deadline: 61 * Self.s)))
        c.now = 30 * Self.s
        #expect(c.receive([.request("b")]) == .waitForRequest(.arm(.idle, deadline: 90 * Self.s)))
        // The first deadline comes and goes: the connection is put back at its new one.
        c.now = 61 * Self.s
        #expect(c.handle(.timerExpired) == .none)
        #expect(c.machine.deadline == 90 * Self.s)
        c.now = 90 * Self.s
        #expect(c.handle(.timerExpired) == .close)
        #expect(c.written == ["a", "b"])
    }

    @Test func pipelinedRequestsAreAnsweredInOrderInOneRound() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.request("a"), .request("b"), .request("c")]) == .waitForRequest(.arm(.idle, deadline: 60 * Self.s)))
        #expect(c.written == ["a", "b", "c"])
    }

    @Test func aRequestAskingToCloseEndsTheConnectionAfterItsResponse() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.request("a", close: true), .request("b")]) == .close)
        #expect(c.written == ["a (close)"])
    }

    @Test func aDeferredResponseHoldsBackWhatIsPipelinedBehindIt() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.request("a", deferred: true), .request("b")]) == .wait(.cancel))
        #expect(c.written.isEmpty)
        // Nothing more is read while the response is computed, and no timeout cuts it.
        let reads = c.readCount
        #expect(c.receive([.request("c")]) == .wait(.cancel))
        #expect(c.readCount == reads)
        c.now = 3600 * Self.s
        #expect(c.handle(.timerExpired) == .none)
        // The response arrives: it goes out first, then what waited behind it, then what was read.
        #expect(c.completeDeferred() == .waitForRequest(.arm(.idle, deadline: 3660 * Self.s)))
        #expect(c.written == ["a", "b", "c"])
    }

    @Test func aDeferredResponseThatClosesDropsThePipelinedRequests() {
        var c = Sim()
        c.handle(.accepted)
        c.receive([.request("a", deferred: true), .request("b")])
        #expect(c.completeDeferred(keepAlive: false) == .close)
        #expect(c.written == ["a (close)"])
    }

    @Test func aPeerThatHalfClosesGetsItsResponsesThenTheConnectionCloses() {
        var c = Sim()
        c.handle(.accepted)
        // The FIN comes with the requests: they are all read (even after a short read) and answered.
        #expect(c.receive([.request("a"), .request("b")], fin: true) == .close)
        #expect(c.written == ["a", "b"])
    }

    @Test func aHalfClosedPeerStillGetsItsDeferredResponse() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.request("a", deferred: true)], fin: true) == .wait(.cancel))
        #expect(c.completeDeferred() == .close)
        #expect(c.written == ["a"])
    }

    @Test func aPeerThatClosesMidRequestIsClosed() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.fragment()], fin: true) == .close)
        #expect(c.written.isEmpty)
    }

    @Test func continueIsSentOnceWhileTheBodyIsAwaited() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.receive([.fragment(expectsContinue: true)]) == .wait(.arm(.request, deadline: 10 * Self.s)))
        #expect(c.written == ["100 Continue"])
        c.receive([])
        #expect(c.written == ["100 Continue"])
        #expect(c.completeFragment(with: .request("a")) == .waitForRequest(.arm(.idle, deadline: 60 * Self.s)))
        #expect(c.written == ["100 Continue", "a"])
        // The next request asking for it gets its own.
        c.receive([.fragment(expectsContinue: true)])
        #expect(c.written == ["100 Continue", "a", "100 Continue"])
    }

    @Test func aPeerThatDoesNotReadStopsBeingServedUntilItCatchesUp() {
        var c = Sim()
        c.socketTakes = 0
        c.handle(.accepted)
        let requests = (1...6).map { Sim.Piece.request("r\($0)") }
        c.now = 1 * Self.s
        // Four responses are a full backlog: the other two wait, and nothing more is read.
        #expect(c.receive(requests) == .wait(.arm(.idle, deadline: 61 * Self.s)))
        #expect(c.written.isEmpty && c.buffers.pendingOutput == Sim.responseBytes * 4)
        let reads = c.readCount
        c.now = 2 * Self.s
        #expect(c.receive([.request("r7")]) == .wait(.unchanged))
        #expect(c.readCount == reads)
        // The socket takes them: the rest are served in order.
        c.socketTakes = Int.max
        c.now = 3 * Self.s
        #expect(c.handle(.writable) == .waitForRequest(.arm(.idle, deadline: 63 * Self.s)))
        #expect(c.written == (1...7).map { "r\($0)" })
    }

    @Test func aPeerThatNeverReadsIsClosedByTheIdleTimeout() {
        var c = Sim()
        c.socketTakes = 0
        c.handle(.accepted)
        c.receive([.request("a")])
        c.now = 60 * Self.s
        #expect(c.handle(.timerExpired) == .close)
    }

    @Test func aQuietConnectionClosesWhenTheServerDrains() {
        var c = Sim()
        c.handle(.accepted)
        c.receive([.request("a")])
        #expect(c.handle(.drain) == .close)
    }

    @Test func aBusyConnectionFinishesItsRequestThenClosesWhenTheServerDrains() {
        var c = Sim()
        c.handle(.accepted)
        c.receive([.request("a", deferred: true), .request("b")])
        #expect(c.handle(.drain) == .none)
        // The response says the connection closes; what was pipelined behind it is not served.
        #expect(c.completeDeferred() == .close)
        #expect(c.written == ["a (close)"])
    }

    @Test func aPartialRequestIsNotCutByTheDrainButCloses() {
        var c = Sim()
        c.handle(.accepted)
        c.receive([.fragment()])
        #expect(c.handle(.drain) == .none)
        #expect(c.completeFragment(with: .request("a")) == .close)
        #expect(c.written == ["a (close)"])
    }

    @Test func aFailedWriteClosesTheConnection() {
        var c = Sim()
        c.failWrites = true
        c.handle(.accepted)
        #expect(c.receive([.request("a"), .request("b")]) == .close)
    }

    @Test func aSocketErrorOrAFailedReadCloses() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.handle(.socketError) == .close)
        var d = Sim()
        d.handle(.accepted)
        #expect(d.machine.handle(.readFailed, d.buffers, now: 0) == .close)
    }

    @Test func writableWithNothingPendingDoesNothing() {
        var c = Sim()
        c.handle(.accepted)
        #expect(c.handle(.writable) == .none)
    }
}
