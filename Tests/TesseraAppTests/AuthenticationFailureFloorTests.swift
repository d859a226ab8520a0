import Testing
@testable import TesseraApp

/// The refusal floor covers a refusal that took longer than it to decide (a slow hash on a loaded
/// machine), so that the time to a 401 keeps telling nothing; the raise stands for a minute after
/// the last slow refusal, then the measured floor is back; it never passes its maximum.
struct AuthenticationFailureFloorTests {
    static let second: UInt64 = 1_000_000_000

    @Test func aSlowerRefusalRaisesTheFloorAboveItForAMinute() {
        let floor = AuthenticationFailureFloor(measure: false)
        let initial = AuthenticationFailureFloor.initialNanoseconds
        floor.cover(elapsed: initial / 2, now: 100 * Self.second)
        #expect(floor.floor(at: 100 * Self.second) == initial, "a refusal within the floor changes nothing")
        floor.cover(elapsed: 2 * Self.second, now: 100 * Self.second)
        #expect(floor.floor(at: 100 * Self.second) == 2_500_000_000)
        floor.cover(elapsed: 1_500_000_000, now: 130 * Self.second)
        #expect(floor.floor(at: 130 * Self.second) == 2_500_000_000, "a faster refusal does not lower it")
        #expect(floor.floor(at: 159 * Self.second) == 2_500_000_000)
        #expect(floor.floor(at: 161 * Self.second) == initial, "a minute after the last slow refusal, the base is back")
        floor.cover(elapsed: 3 * Self.second, now: 150 * Self.second)
        #expect(floor.floor(at: 200 * Self.second) == 3_750_000_000, "a slow refusal within the minute extends it")
    }

    @Test func theFloorStopsAtItsMaximum() {
        let floor = AuthenticationFailureFloor(measure: false)
        floor.cover(elapsed: 60 * Self.second, now: Self.second)
        #expect(floor.floor(at: Self.second) == AuthenticationFailureFloor.maximumNanoseconds)
    }
}
