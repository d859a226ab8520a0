/// What revoking a live token writes before the 200 (`Need.durableRevocation`): its status list
/// bit, the durable record, and the shared reusable copy dropped. Blocks on I/O.
package struct DurableRevocation: Sendable {
    let record: IntrospectionRecord
    let client: Client
    let now: Int64
    let statusMarker: (any StatusMarking)?
    let recorder: (any RevocationRecording)?
    let sharedReuse: SharedTokenReuse?
    let signerIdentity: UInt64

    /// Throws when the bit or the record could not be written: the token stays active, and the
    /// client's retry writes them.
    func write() throws {
        // The bit first: a failure leaves the token active, and the client's retry marks it.
        if let statusMarker, let status = record.status {
            try statusMarker.mark(status, expiresAt: record.expiresAt)
        }
        if let recorder {
            try recorder.record(Revocation(jwtID: record.jwtID, expiresAt: record.expiresAt, clientID: record.clientID), now: now)
        }
        if let sharedReuse {
            try? sharedReuse.drop(
                TokenGrantKey(grantOf: record), stamp: ReuseStamp(clientVersion: client.version, signer: signerIdentity, cuts: 0))
        }
    }
}
