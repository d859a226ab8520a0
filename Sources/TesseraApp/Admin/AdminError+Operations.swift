extension AdminError {
    /// A shared operation's refusal as the API answers it.
    init(_ error: ClientOperationError) {
        switch error {
        case .unknownClient(let id): self = .notFound("no client \"\(id)\"")
        case .staticClient(let id): self = .conflict("client \"\(id)\" is a static client (clients:); change it in the config")
        case .alreadyExists(let id): self = .conflict("client \"\(id)\" already exists")
        case .invalid(let message): self = .invalidMetadata(message)
        case .notConfigured: self = .noClientStore
        case .store(let store): self = .unavailable("PostgreSQL: \(store)")
        }
    }
}
