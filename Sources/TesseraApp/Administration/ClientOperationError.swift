import TesseraStore

/// Why a client operation changed nothing. `isUsage` is the CLI's exit 2 (and the admin API's
/// 400): the request itself is wrong; otherwise exit 1 (404 or 503).
package enum ClientOperationError: Error, Equatable, CustomStringConvertible {
    /// No stored client has this id.
    case unknownClient(String)
    /// The id is a static client (`clients:` in the config): it changes there, with SIGHUP.
    case staticClient(String)
    case alreadyExists(String)
    /// A field's value is refused; the message names the field.
    case invalid(String)
    /// PostgreSQL (or Redis, for a cut without PostgreSQL) did not take it.
    case store(StoreError)
    /// The config has no store this operation needs.
    case notConfigured(String)

    package var isUsage: Bool {
        switch self {
        case .staticClient, .invalid, .notConfigured: true
        case .unknownClient, .alreadyExists, .store: false
        }
    }

    package var description: String {
        switch self {
        case .unknownClient(let id): "no client \"\(id)\""
        case .staticClient(let id):
            "\"\(id)\" is a static client (clients: in the config file); change it there and send SIGHUP"
        case .alreadyExists(let id): "client \"\(id)\" already exists"
        case .invalid(let message): message
        case .store(let error):
            if case .server(_, "42P01", _) = error { "\(error) (run tessera migrate first)" }
            else if case .server(_, "42703", _) = error { "\(error) (run tessera migrate first)" }
            else { "\(error)" }
        case .notConfigured(let message): message
        }
    }
}
