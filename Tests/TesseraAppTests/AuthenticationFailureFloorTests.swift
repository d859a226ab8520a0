import Testing
@testable import TesseraApp

/// The refusal floor covers a refusal that took longer than it to decide (a slow hash on a loaded
/// machine), so that the time to a 401 keeps telling nothing; it never falls, and never passes
/// its maximum.
struct AuthenticationFailureFloorTests {
    @Test func aSlowerRefusalRaisesTheFloorAboveIt() {
        let floor = AuthenticationFailureFloor(measure: false)
        let initial = AuthenticationFailureFloor.initialNanoseconds
        floor.cover(elapsed: initial / 2)
        #expect(floor.nanoseconds == initial, "a refusal within the floor changes nothing")
        floor.cover(elapsed: 2_000_000_000)
        #expect(floor.nanoseconds == 2_500_000_000)
        floor.cover(elapsed: 1_500_000_000)
        #expect(floor.nanoseconds == 2_500_000_000, "the floor never falls")
    }

    @Test func theFloorStopsAtItsMaximum() {
        let floor = AuthenticationFailureFloor(measure: false)
        floor.cover(elapsed: 60_000_000_000)
        #expect(floor.nanoseconds == AuthenticationFailureFloor.maximumNanoseconds)
    }
}
