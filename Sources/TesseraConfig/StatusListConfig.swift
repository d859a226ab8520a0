/// `status_list:` — Token Status List (draft-ietf-oauth-status-list): every access token carries
/// an index into a published bit list that gateways fetch instead of calling introspection.
/// Absent: tokens carry no `status` claim and no list is served.
package struct StatusListConfig: Sendable, Equatable {
    /// The Status List Token's `ttl` claim and its `Cache-Control: max-age`.
    package var ttl: Duration
    /// Indexes per list; a full list is followed by a new one.
    package var size: Int

    package init(ttl: Duration = .seconds(60), size: Int = 1_048_576) {
        self.ttl = ttl
        self.size = size
    }
}
