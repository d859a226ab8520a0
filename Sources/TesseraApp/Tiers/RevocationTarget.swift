import TesseraCore

/// Where the bus thread finds the service's durable revocations once the service has started.
final class RevocationTarget: Sendable {
    private let stored = Locked<DurableRevocations?>(nil)

    var durable: DurableRevocations? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
