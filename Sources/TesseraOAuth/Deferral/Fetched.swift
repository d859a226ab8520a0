import TesseraJOSE
import TesseraStore

/// What the backend brought back for a `Need`, handed to the endpoint's phase two.
package enum Fetched: Sendable {
    /// `.client`: the record, or nil when no store knows the id.
    case client(Client?)
    /// `.slowHash`: the position (among the client's secrets) of the live secret that matched,
    /// and which of the presented forms matched it.
    case secretMatched(index: Int, secret: [UInt8])
    /// `.slowHash`: no live slow hash matched.
    case secretMismatched
    /// `.jtiClaim`: true for the first use, false for a replay.
    case claimed(Bool)
    /// `.sharedToken`: the token found, if any; `.sharedOffer`: the token to hand out.
    case sharedToken(IssuedToken?)
    /// `.statusBlock`: the request's place in a status list, from the block just reserved.
    case statusIndex(StatusReference)
    /// The work is done (`.durableRevocation`).
    case done
    /// The work could not be done: the answer (a store down is 503 `temporarily_unavailable`).
    case failed(OAuthError)
}
