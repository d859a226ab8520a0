import TesseraJOSE
import TesseraStore

/// `Need.jtiClaim`: a jti (a client assertion's or a DPoP proof's) claimed in the shared store
/// for the rest of its lifetime, or appended to the journal (synced). A store that cannot answer
/// is `unavailable`, and the jti is forgotten here (`forget`, when this node recorded it) so that
/// the client may try again.
package struct JTIClaim: Sendable {
    enum Store: Sendable {
        case shared(any AssertionReplayStore, key: [UInt8], milliseconds: Int64)
        case journal(RevocationJournal, RevocationJournal.Record)
    }

    let store: Store
    let replay: AssertionReplay
    let forget: Digest32?
    let unavailable: OAuthError

    func claim(timing: inout StepTimings?) -> Fetched {
        let start = StepTimings.now()
        do {
            switch store {
            case .shared(let shared, let key, let milliseconds):
                let first = try shared.claim(key, milliseconds: milliseconds)
                timing?.add(shared.tier == .postgres ? .postgres : .redis, since: start)
                return .claimed(first)
            case .journal(let journal, let record):
                try journal.append(record)
                timing?.add(.local, since: start)
                return .claimed(true)
            }
        } catch {
            if let forget { replay.forget(forget) }
            return .failed(unavailable)
        }
    }
}
