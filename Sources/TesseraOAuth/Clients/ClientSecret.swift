import Glibc
import TesseraStore

/// One of a client's secrets as the authenticator uses it: the parsed hash and the wall-clock
/// instant (unix nanoseconds) from which it is refused, `UInt64.max` for never.
package struct ClientSecret: Sendable {
    package let hash: SecretHash
    /// Unix seconds from which the secret is refused; nil: never.
    package let expiresAt: Int64?
    let expiresAtNanoseconds: UInt64

    package init(hash: SecretHash, expiresAt: Int64? = nil) {
        self.hash = hash
        self.expiresAt = expiresAt
        if let expiresAt { expiresAtNanoseconds = expiresAt <= 0 ? 0 : UInt64(expiresAt).multipliedReportingOverflow(by: 1_000_000_000).partialValue }
        else { expiresAtNanoseconds = .max }
    }

    /// Still accepted at `now` (unix nanoseconds): refused from its expiry's very second.
    func isLive(at now: UInt64) -> Bool { now < expiresAtNanoseconds }

    /// The wall clock in unix nanoseconds, read only for clients whose secrets expire.
    static func wallNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
