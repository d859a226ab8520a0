import TesseraCore

/// A response completed early and held by its loop until `notBefore` (`HTTPDeferral.complete`):
/// a refused client authentication is answered no earlier than a fixed time after it arrived.
struct HeldResponse {
    var fd: Int32
    var generation: UInt64
    var response: HTTPResponseBuilder
    var keepAlive: Bool
    var minorVersion: Int
    var omitBody: Bool
    var notBefore: UInt64
}

/// The held responses of one loop, earliest first. Responses are held for about the same time
/// after they arrive, so nearly all are appended at the end and taken from the front: inserting
/// walks back from the tail, taking moves a head index. The taken prefix is dropped once it is
/// half the array (or all of it): under steady refusals something is always held, and a prefix
/// kept until the array emptied grew without bound, each entry with its response's buffers.
struct HeldResponses {
    private var items: [HeldResponse] = []
    private var head = 0

    /// Entries stored, taken ones not yet dropped included (tests).
    var storedCount: Int { items.count }

    var isEmpty: Bool { head == items.count }

    /// When the earliest is due, or nil when none is held.
    var earliest: UInt64? { isEmpty ? nil : items[head].notBefore }

    mutating func insert(_ response: HeldResponse) {
        var index = items.count
        while index > head, items[index - 1].notBefore > response.notBefore { index -= 1 }
        items.insert(response, at: index)
    }

    /// The earliest, when it is due at `now`.
    mutating func takeDue(now: UInt64) -> HeldResponse? {
        guard !isEmpty, items[head].notBefore <= now else { return nil }
        let response = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return response
    }
}

extension EventLoop {
    /// Sends every held response that is due, to connections still open.
    func releaseHeld(now: UInt64) {
        while let due = held.takeDue(now: now) {
            resumeIfOpen(fd: due.fd, generation: due.generation, due.response, keepAlive: due.keepAlive,
                         minorVersion: due.minorVersion, omitBody: due.omitBody)
        }
    }

    /// Sends a completed response, unless its connection closed (or its descriptor was reused).
    func resumeIfOpen(fd: Int32, generation: UInt64, _ response: HTTPResponseBuilder, keepAlive: Bool,
                      minorVersion: Int, omitBody: Bool) {
        guard fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)],
              connection.generation == generation else { return }
        resume(connection, with: response, keepAlive: keepAlive, minorVersion: minorVersion, omitBody: omitBody)
    }
}
