/// A token's place in a status list: `{"idx": index, "uri": uri}` (draft-ietf-oauth-status-list
/// §6.1), where `uri` is the Status List Token's URL.
package struct StatusReference: Hashable, Sendable {
    package var uri: String
    package var index: Int64

    package init(uri: String, index: Int64) {
        self.uri = uri
        self.index = index
    }
}
