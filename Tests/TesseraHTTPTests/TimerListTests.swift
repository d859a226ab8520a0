import Testing
@testable import TesseraHTTP

/// The idle list stays ordered by listed deadline when a connection whose deadline moved is put
/// back: expiry looks only at the head, so order is what makes closing on time O(1).
struct TimerListTests {
    private func connection(_ fd: Int32, listed: UInt64) -> Connection {
        let c = Connection(fd: fd, generation: 0)
        c.listedDeadline = listed
        return c
    }

    /// Unlinks every node: the list links both ways with strong references, which the event
    /// loop always breaks when a connection closes (LeakSanitizer holds the tests to the same).
    private func empty(_ list: inout TimerList) {
        while let c = list.head { list.remove(c) }
    }

    private func deadlines(_ list: TimerList) -> [UInt64] {
        var out: [UInt64] = []
        var node = list.head
        while let c = node {
            out.append(c.listedDeadline)
            node = c.timerNext
        }
        return out
    }

    @Test(arguments: [0, 5, 15, 25, 35, 45] as [UInt64])
    func insertSortedKeepsTheOrder(_ listed: UInt64) {
        var list = TimerList()
        for (i, d) in [10, 20, 30, 40].enumerated() { list.append(connection(Int32(i), listed: UInt64(d))) }
        list.insertSorted(connection(9, listed: listed))
        #expect(deadlines(list) == ([10, 20, 30, 40, listed] as [UInt64]).sorted())
        // Links both ways stay consistent.
        var back: [UInt64] = []
        var node = list.tail
        while let c = node { back.append(c.listedDeadline); node = c.timerPrev }
        #expect(back == deadlines(list).reversed())
        empty(&list)
    }

    @Test func insertSortedIntoAnEmptyList() {
        var list = TimerList()
        let c = connection(1, listed: 7)
        list.insertSorted(c)
        #expect(list.head === c && list.tail === c)
        empty(&list)
    }
}
