/// Where spans are posted: an `http://HOST[:PORT]/PATH` URL (`tracing.otlp_endpoint`). Plain
/// HTTP only: a collector is expected beside the service (a local agent or sidecar).
package struct OTLPEndpoint: Sendable, Equatable {
    package var host: String
    package var port: UInt16
    package var path: String

    package init(host: String, port: UInt16, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Nil with the reason when `url` is not a usable endpoint.
    package static func parse(_ url: String) -> Result<OTLPEndpoint, EndpointError> {
        guard url.hasPrefix("http://") else {
            return .failure(EndpointError(url.hasPrefix("https://")
                ? "https is not supported; point it at a local collector over http://"
                : "expected an http:// URL like http://127.0.0.1:4318/v1/traces"))
        }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[rest.startIndex..<slash]
        let path = slash == rest.endIndex ? "/v1/traces" : String(rest[slash...])
        guard !path.contains(where: { $0 == " " || $0 == "#" || $0.isNewline }) else {
            return .failure(EndpointError("the path must not contain spaces, newlines or a fragment"))
        }
        var host = Substring(authority)
        var port: UInt16 = 4318
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(EndpointError("unterminated IPv6 address")) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = UInt16(after.dropFirst()), value > 0 else {
                    return .failure(EndpointError("expected a port between 1 and 65535"))
                }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[authority.startIndex..<colon]
            guard let value = UInt16(authority[authority.index(after: colon)...]), value > 0 else {
                return .failure(EndpointError("expected a port between 1 and 65535"))
            }
            port = value
        }
        guard !host.isEmpty, !host.contains("@"), !host.contains(where: { $0 == " " || $0.isNewline }) else {
            return .failure(EndpointError("expected a host, like http://127.0.0.1:4318/v1/traces"))
        }
        return .success(OTLPEndpoint(host: String(host), port: port, path: path))
    }

    package struct EndpointError: Error, Sendable {
        package let message: String
        init(_ message: String) { self.message = message }
    }

    /// The `Host` header value.
    var authority: String {
        let bare = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? bare : "\(bare):\(port)"
    }
}
