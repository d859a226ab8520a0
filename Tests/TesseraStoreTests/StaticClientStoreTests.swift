import TesseraCore
import Testing

@testable import TesseraStore

@Suite struct StaticClientStoreTests {
    @Test func knownIdIsFoundAndUnknownIdIsNil() throws {
        let demo = ClientRecord(id: "demo", secretHash: "$x$", scopes: ["read"], audiences: ["api"], introspect: true)
        let store = StaticClientStore([demo])
        #expect(try store.lookup(id: "demo") == demo)
        #expect(try store.lookup(id: "other") == nil)
        #expect(store.answersInline)
    }

    @Test func manualClockOnlyMovesWhenAdvanced() {
        let clock = ManualClock(nanoseconds: 5)
        let monotonic = clock.clock
        #expect(monotonic.nanoseconds() == 5)
        clock.advance(nanoseconds: 10)
        #expect(monotonic.nanoseconds() == 15)
        #expect(MonotonicClock.system.nanoseconds() > 0)
    }
}
