/// A listen address. `host` is an IPv4 address, `localhost`, or an IPv6 address kept
/// without its brackets (`::1`); `description` puts the brackets back (`[::1]:8080`).
package struct HostPort: Sendable, Equatable, CustomStringConvertible {
    package var host: String
    /// 0 asks the system for a free port.
    package var port: UInt16

    package init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    package var isIPv6: Bool { host.contains(":") }

    package var description: String {
        isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
