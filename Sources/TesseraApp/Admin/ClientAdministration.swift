/// What the admin API needs from the client store: one implementation of each client operation,
/// shared with the `tessera client` commands. Implementations validate nothing of the HTTP request
/// (the API has done that) and apply each change whole or not at all: the store write, the version
/// bump, the announcement to other nodes (Redis invalidation) and, where tokens must die, the cut.
package protocol ClientAdministration: Sendable {
    /// False without `database:`: every write answers `no_client_store`.
    var hasStore: Bool { get }
    /// A client declared in `clients:` (read-only here).
    func staticClient(_ id: String) -> ClientView?
    /// Creates the client; `secretHash` is the PHC string of its generated secret (nil: none).
    /// Throws `.conflict` when the id exists.
    func create(id: String, draft: ClientDraft, secretHash: String?) throws(AdminError) -> ClientView
    /// Stored clients with an id after `after` (byte order), at most `limit`.
    func list(after: String?, limit: Int) throws(AdminError) -> [ClientView]
    func get(_ id: String) throws(AdminError) -> ClientView?
    /// Replaces every field when the stored version is still `version`; `.preconditionFailed`
    /// when it moved on, `.notFound` when the client is gone.
    func replace(_ id: String, with draft: ClientDraft, ifVersion version: Int64) throws(AdminError) -> ClientView
    /// Removes the client and cuts its tokens (rule 3); false when there was none.
    func delete(_ id: String) throws(AdminError) -> Bool
    /// Gives the client a new secret hash; the old one keeps working for `keepOld` seconds (0: not
    /// at all). False when there is no such client.
    func rotateSecret(_ id: String, newHash: String, keepOld: Int64) throws(AdminError) -> Bool
    /// Every token of the client issued up to now becomes inactive on every node.
    func revokeTokens(_ id: String) throws(AdminError)
    /// False when there is no such client.
    func setDisabled(_ id: String, _ disabled: Bool) throws(AdminError) -> Bool
}

/// What the admin API needs from the signing keys: the `keys list` view and `keys rotate`.
package protocol KeyAdministration: Sendable {
    func list() throws(AdminError) -> [KeyView]
    /// Adds a key as `keys rotate` does; returns it.
    func rotate() throws(AdminError) -> KeyView
}

/// One signing key as `keys list` shows it. Times are unix seconds; nil: not scheduled.
package struct KeyView: Sendable, Equatable {
    package var kid: String
    package var algorithm: String
    package var created: Int64?
    package var activates: Int64
    package var stopsSigning: Int64?
    package var unpublished: Int64?
    /// `published` (not yet signing), `signing` or `retired`.
    package var state: String

    package init(kid: String, algorithm: String, created: Int64?, activates: Int64, stopsSigning: Int64?, unpublished: Int64?,
                 state: String) {
        self.kid = kid
        self.algorithm = algorithm
        self.created = created
        self.activates = activates
        self.stopsSigning = stopsSigning
        self.unpublished = unpublished
        self.state = state
    }
}
