import Testing
@testable import TesseraHTTP

/// A TLS connection's handshake in the connection state machine, on a manual clock.
struct ConnectionStateMachineHandshakeTests {
    typealias Sim = SimulatedConnection
    static let s = Sim.second

    static func tls() -> Sim {
        var c = Sim()
        c.machine = ConnectionStateMachine(idleTimeout: 60 * s, requestTimeout: 10 * s, handshake: true)
        return c
    }

    @Test func handshakeMustFinishWithinTheRequestTimeoutHoweverSlowlyItTrickles() {
        var c = Self.tls()
        #expect(c.machine.phase == .handshaking)
        #expect(c.handle(.accepted) == .wait(.arm(.request, deadline: 10 * Self.s)))
        for second in 1...9 {
            c.now = UInt64(second) * Self.s
            #expect(c.handle(.readable(finReported: false)) == .wait(.unchanged))
        }
        c.now = 10 * Self.s - 1
        #expect(c.handle(.timerExpired) == .none)
        c.now = 10 * Self.s
        #expect(c.handle(.timerExpired) == .close)
        #expect(c.readCount == 0)
    }

    @Test func nothingIsReadOrServedBeforeTheHandshakeIsDone() {
        var c = Self.tls()
        c.handle(.accepted)
        c.reads = [[.request("early")]]
        #expect(c.handle(.readable(finReported: false)) == .wait(.unchanged))
        #expect(c.handle(.writable) == .wait(.unchanged))
        #expect(c.readCount == 0 && c.written.isEmpty)
        #expect(c.actions.filter { $0 == .handshake }.count == 2)
    }

    @Test func requestsThatCameWithTheLastFlightAreServedAtOnce() {
        var c = Self.tls()
        c.handle(.accepted)
        c.now = 1 * Self.s
        c.handshakes = [.handshakeDone]
        c.reads = [[.request("a")]]
        #expect(c.handle(.readable(finReported: false)) == .waitForRequest(.arm(.idle, deadline: 61 * Self.s)))
        #expect(c.machine.phase == .open)
        #expect(c.written == ["a"])
    }

    @Test func finishedHandshakeWaitsOnTheIdleTimer() {
        var c = Self.tls()
        c.handle(.accepted)
        c.now = 2 * Self.s
        c.handshakes = [.handshakeDone]
        #expect(c.handle(.readable(finReported: false)) == .waitForRequest(.arm(.idle, deadline: 62 * Self.s)))
        #expect(c.receive([.request("a")]) == .waitForRequest(.arm(.idle, deadline: 62 * Self.s)))
        #expect(c.written == ["a"])
    }

    @Test(arguments: [ConnectionStateMachine.Event.handshakeFailed, .socketError])
    func failedHandshakeCloses(event: ConnectionStateMachine.Event) {
        var c = Self.tls()
        c.handle(.accepted)
        c.handshakes = [event == .socketError ? .handshakePending : event]
        if event == .socketError {
            #expect(c.handle(.socketError) == .close)
        } else {
            #expect(c.handle(.readable(finReported: false)) == .close)
        }
        #expect(c.closed)
    }

    @Test func drainClosesAConnectionStillShakingHands() {
        var c = Self.tls()
        c.handle(.accepted)
        #expect(c.handle(.drain) == .close)
    }

    @Test func plainConnectionsNeverShakeHands() {
        var c = Sim()
        c.handle(.accepted)
        c.receive([.request("a")])
        #expect(!c.actions.contains(.handshake))
        #expect(c.machine.phase == .open)
    }
}
