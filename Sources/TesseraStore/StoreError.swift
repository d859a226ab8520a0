/// Failures of a storage tier. A tier that cannot answer is `unavailable`, which callers turn into
/// 503 `temporarily_unavailable` -- never into "no such client".
package enum StoreError: Error, Equatable, Sendable {
    case unavailable(tier: String, reason: String)
}
