import TesseraJOSE

/// Where the token endpoint gets a token's place in a status list. `take` runs on the I/O thread
/// for every token and must stay lock-free: it hands out the next index of the block this node
/// holds for the client. When there is none (first token, block full, a cut since), the endpoint
/// defers the request and calls `refill` off the I/O thread, which reserves a fresh block in the
/// shared store (or the state directory), records whose it is, and takes the deferred request's
/// index from it (taken there, so the client's other requests cannot use the block up first).
package protocol StatusIndexAllocating: Sendable {
    func take(for client: Client, now: Int64) -> StatusReference?
    /// Blocking. Throws when no block can be reserved (the store is down): the request gets 503.
    func refill(for client: Client, now: Int64) throws -> StatusReference
}

/// Where a revocation sets its token's bit: durably (store or state directory) and in the list
/// this node serves, before the revocation is answered. Blocking.
package protocol StatusMarking: Sendable {
    func mark(_ status: StatusReference, expiresAt: Int64) throws
}
