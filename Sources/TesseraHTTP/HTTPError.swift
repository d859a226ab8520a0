import Glibc

/// Everything that can go wrong in the HTTP layer, in HTTP's own vocabulary.
///
/// Parse failures know the status they answer with; system failures carry the errno captured at
/// the failing call so that the message names the real cause.
package enum HTTPError: Error, Equatable, CustomStringConvertible {
    /// The request is malformed: answered with 400 and the connection closes.
    case badRequest(String)
    /// The request head is larger than `max_header_bytes` or has too many fields: 431.
    case headerTooLarge
    /// The body is larger than `max_body_bytes`: 413.
    case bodyTooLarge
    /// `Expect` with anything but `100-continue`: 417.
    case expectationFailed
    /// A transfer coding other than chunked: 501.
    case notImplemented(String)
    /// An HTTP version other than 1.0 and 1.1: 505.
    case versionNotSupported
    /// A system call failed.
    case system(call: String, errno: Int32)
    /// A listening socket could not be opened on `address` (`HOST:PORT`): `call` failed with
    /// `errno` (`EADDRINUSE` when another socket, of any process, holds the address).
    case listen(address: String, call: String, errno: Int32)
    /// The listen host is not a numeric address or a name `getaddrinfo` resolves.
    case unresolvableHost(String, reason: String)

    package var status: Int {
        switch self {
        case .badRequest: 400
        case .headerTooLarge: 431
        case .bodyTooLarge: 413
        case .expectationFailed: 417
        case .notImplemented: 501
        case .versionNotSupported: 505
        case .system, .listen, .unresolvableHost: 500
        }
    }

    /// A short reason for the JSON error body; it never echoes request bytes.
    package var reason: String {
        switch self {
        case .badRequest(let why): why
        case .headerTooLarge: "request header fields too large"
        case .bodyTooLarge: "request body too large"
        case .expectationFailed: "only 100-continue is supported"
        case .notImplemented(let what): what
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .system(let call, let code): "\(call) failed: \(Socket.describe(errno: code))"
        // The address is left to the caller, which names it ("cannot listen on HOST:PORT: ...").
        case .listen(_, let call, let code): "\(call): \(Socket.describe(errno: code, capitalized: false))"
        case .unresolvableHost(let host, let why): "cannot resolve listen address \(host): \(why)"
        }
    }

    package var description: String { reason }

    /// The listen address is taken (by another `tessera serve` or any other process).
    package var isAddressInUse: Bool {
        if case .listen(_, _, EADDRINUSE) = self { return true }
        return false
    }
}
