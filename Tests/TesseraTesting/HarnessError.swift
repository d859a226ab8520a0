import Glibc

/// Why the harness could not do what a test asked; a test that hits one fails with it.
package enum HarnessError: Error, Equatable, CustomStringConvertible {
    case binaryNotFound
    case timedOut(String)
    case startFailed(String)
    case socket(String)
    case connect(port: UInt16, errno: Int32)
    case closed(String)
    case malformedResponse(String)
    case unexpected(String)

    package var description: String {
        switch self {
        case .binaryNotFound:
            return "the tessera executable was not found next to the test runner (build it with `swift build --build-tests`, or set TESSERA_BINARY)"
        case let .timedOut(what): return "timed out: \(what)"
        case let .startFailed(what): return "tessera serve did not start: \(what)"
        case let .socket(what): return "socket: \(what)"
        case let .connect(port, errno): return "connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))"
        case let .closed(what): return "connection closed: \(what)"
        case let .malformedResponse(what): return "malformed response: \(what)"
        case let .unexpected(what): return what
        }
    }
}
