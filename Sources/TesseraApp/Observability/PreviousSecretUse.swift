import Synchronization
import TesseraCore
import TesseraTelemetry

/// `tessera_client_previous_secret_used_total` and its warning: a client still authenticating
/// with a secret that is not its newest is one whose deployment has not caught up with a
/// rotation, worth telling the operator before that secret expires, at most once a minute per
/// client (an LRU of when each client was last warned about, so a busy client costs a lookup,
/// not a line per request).
final class PreviousSecretUse: Sendable {
    private let count = Atomic<Int>(0)
    private let warned: LRUCache<ExactString, Bool>
    private let clock: MonotonicClock
    private static let interval: UInt64 = 60_000_000_000

    init(capacity: Int = 10_000, clock: MonotonicClock = .system) {
        warned = LRUCache(capacity: capacity)
        self.clock = clock
    }

    func record(clientID: String, expiresAt: Int64?) {
        count.wrappingAdd(1, ordering: .relaxed)
        let now = clock.nanoseconds()
        let key = ExactString(clientID)
        let first = warned.update(key, now: now) { entry -> Bool in
            if entry != nil { return false }
            entry = LRUEntry(value: true, expiresAt: now &+ Self.interval)
            return true
        }
        guard first else { return }
        var when: [UInt8] = []
        if let expiresAt { WallClock.appendRFC3339(UInt64(max(0, expiresAt)) &* 1_000_000_000, to: &when) }
        Log.warning(
            "previous secret used",
            [("client_id", clientID), ("expires_at", expiresAt == nil ? "never" : String(decoding: when, as: UTF8.self))])
    }

    func render(into out: inout String) {
        out += "# HELP tessera_client_previous_secret_used_total Authentications with a client secret other than the newest.\n"
        out += "# TYPE tessera_client_previous_secret_used_total counter\n"
        out += "tessera_client_previous_secret_used_total \(count.load(ordering: .relaxed))\n"
    }
}
