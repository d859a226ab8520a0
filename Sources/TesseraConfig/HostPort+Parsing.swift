#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HostPort {
    /// Parses `HOST:PORT` where HOST is an IPv4 address, `localhost`, or a bracketed IPv6
    /// address (`[::1]:8080`) and PORT is 0...65535. Throws a `ConfigError` with only
    /// `message` set; callers fill in `file` and `keyPath` (or use it for `--listen`).
    package init(parsing text: String) throws(ConfigError) {
        func invalid(_ message: String) -> ConfigError {
            ConfigError(file: "", keyPath: "", message: message)
        }
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw invalid("expected HOST:PORT, an IPv6 host needs a closing ], like [::1]:8080")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid("expected HOST:PORT, like [::1]:8080") }
            portText = rest.dropFirst()
            guard Self.isAddress(host, family: AF_INET6) else {
                throw invalid("\"\(host)\" is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw invalid("expected HOST:PORT, like 127.0.0.1:8080")
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw invalid("an IPv6 host needs brackets, like [::1]:8080")
            }
            guard host == "localhost" || Self.isAddress(host, family: AF_INET) else {
                throw invalid("host must be an IPv4 address, localhost or a bracketed IPv6 address, got \"\(host)\"")
            }
        }
        guard !portText.isEmpty, portText.count <= 5,
              portText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let port = Int(portText)
        else { throw invalid("expected a port number after the colon, got \"\(portText)\"") }
        guard port <= Int(UInt16.max) else {
            throw invalid("port must be between 0 and 65535, got \(port)")
        }
        self.init(host: host, port: UInt16(port))
    }

    private static func isAddress(_ host: String, family: Int32) -> Bool {
        var buffer = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buffer) { inet_pton(family, host, $0.baseAddress) == 1 }
    }
}
