import COpenSSL
import CTesseraOpenSSL

/// The session ticket keys of a TLS listener (RFC 5077 / RFC 8446 §4.6.1 resumption).
///
/// OpenSSL's built-in ticket keys are random per context and never change, so one key would
/// protect every ticket for the life of the process. These rotate instead: the key sealing new
/// tickets is replaced every `period`, the one before it still opens tickets (which are then
/// renewed under the new key) for one more period, so no ticket outlives two periods and a leaked
/// key exposes at most that window. Rotation happens inside OpenSSL's ticket callback when a
/// handshake finds the period elapsed (C, CTesseraOpenSSL's ticket_keys.c), so no timer
/// is needed. One instance is shared by every context built from reloaded certificates, so
/// clients keep resuming across a SIGHUP. Thread-safe: the keys sit behind a mutex held only to
/// copy one key.
package final class TLSTicketKeys: @unchecked Sendable {
    // @unchecked: the key ring is only touched under its C mutex (ticket_keys.c); `period` never changes.
    let keys: OpaquePointer
    package let period: Duration

    /// - Parameter period: how long one key seals new tickets (default one hour).
    package init(period: Duration = .seconds(3600)) {
        let seconds = max(1, period.components.seconds)
        guard let keys = tessera_ticket_keys_new(seconds) else {
            fatalError("cannot allocate TLS session ticket keys (RAND_bytes failed)")
        }
        self.keys = keys
        self.period = .seconds(seconds)
    }

    /// Replaces the sealing key now; tickets sealed by the one it replaces still open once more.
    package func rotate() {
        tessera_ticket_keys_rotate(keys)
    }

    deinit {
        tessera_ticket_keys_free(keys)
    }
}
