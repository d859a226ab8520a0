/// The scopes a token request names, as a set: sorted by bytes, without repeats, never empty.
/// Most requests name one scope; it is held as a `String` alone, without an array around it (the
/// one-element array was a heap allocation and a free on every warm request: callgrind, ~250
/// instructions).
package struct RequestedScopes: Sendable, Equatable {
    private enum Storage: Sendable, Equatable {
        case one(String)
        case several([String])
    }

    private let storage: Storage

    /// One scope-token.
    init(one scope: String) {
        storage = .one(scope)
    }

    /// `scopes` already sorted by bytes, without repeats; nil when empty.
    init?(set scopes: [String]) {
        switch scopes.count {
        case 0: return nil
        case 1: storage = .one(scopes[0])
        default: storage = .several(scopes)
        }
    }

    /// The scope when the request names exactly one.
    var single: String? {
        if case .one(let scope) = storage { return scope }
        return nil
    }

    /// Every scope named, sorted by bytes.
    package var all: [String] {
        switch storage {
        case .one(let scope): [scope]
        case .several(let scopes): scopes
        }
    }
}
