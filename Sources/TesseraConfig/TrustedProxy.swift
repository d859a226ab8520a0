import Glibc

/// Checks the text of one `server.trusted_proxies` entry: an IPv4 or IPv6 address, optionally
/// followed by `/prefix` (0-32 or 0-128). The HTTP module parses the same text into its matcher;
/// this only makes a typo a config error with its key path instead of a proxy silently untrusted.
enum TrustedProxy {
    /// nil when `text` is a valid CIDR, else what is wrong.
    static func problem(_ text: String) -> String? {
        var address = Substring(text)
        var maxPrefix = 32
        var prefix: Substring?
        if let slash = text.firstIndex(of: "/") {
            address = text[..<slash]
            prefix = text[text.index(after: slash)...]
        }
        var buffer = (UInt64(0), UInt64(0))
        let family = address.contains(":") ? AF_INET6 : AF_INET
        if family == AF_INET6 { maxPrefix = 128 }
        let ok = withUnsafeMutableBytes(of: &buffer) { out in
            String(address).withCString { inet_pton(family, $0, out.baseAddress) == 1 }
        }
        guard ok else { return "expected an IPv4 or IPv6 address or CIDR like 10.0.0.0/8 or fd00::/8, got \"\(text)\"" }
        if let prefix {
            guard !prefix.isEmpty, prefix.utf8.count <= 3, prefix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let bits = Int(prefix), bits <= maxPrefix
            else { return "prefix length must be 0 to \(maxPrefix), got \"\(text)\"" }
        }
        return nil
    }
}
