import Testing
@testable import TesseraHTTP

/// The responses a loop holds until their `notBefore` (a refused client authentication): taken
/// earliest first, only once due, whatever order they were held in.
struct HeldResponsesTests {
    static func response(_ fd: Int32, notBefore: UInt64) -> HeldResponse {
        HeldResponse(fd: fd, generation: 1, response: HTTPResponseBuilder(), keepAlive: true, minorVersion: 1,
                     omitBody: false, notBefore: notBefore)
    }

    @Test func heldResponsesAreTakenEarliestFirstOnceDue() {
        var held = HeldResponses()
        #expect(held.isEmpty && held.earliest == nil)
        for (fd, due) in [(1, 300), (2, 100), (3, 200), (4, 300), (5, 250)] as [(Int32, UInt64)] {
            held.insert(Self.response(fd, notBefore: due))
        }
        #expect(held.earliest == 100)
        #expect(held.takeDue(now: 99) == nil, "nothing is due before its time")
        var taken: [Int32] = []
        while let due = held.takeDue(now: 260) { taken.append(due.fd) }
        #expect(taken == [2, 3, 5])
        #expect(held.earliest == 300)
        held.insert(Self.response(6, notBefore: 280))
        while let due = held.takeDue(now: 300) { taken.append(due.fd) }
        #expect(taken == [2, 3, 5, 6, 1, 4], "equal deadlines keep their order")
        #expect(held.isEmpty)
    }

    /// Under steady refusals something is always held: what was taken must not pile up.
    @Test func takenResponsesDoNotPileUpWhileOthersAreHeld() {
        var held = HeldResponses()
        held.insert(Self.response(0, notBefore: 10))
        for step in 1...10_000 {
            held.insert(Self.response(Int32(step % 1000), notBefore: UInt64(step + 10)))
            #expect(held.takeDue(now: UInt64(step + 9))?.notBefore == UInt64(step + 9))
        }
        #expect(!held.isEmpty)
        #expect(held.storedCount <= 64, "stored \(held.storedCount) entries for one held response")
    }
}
