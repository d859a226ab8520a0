import Glibc

extension ForwardedFor {
    /// The address of one unquoted node, port dropped; nil when it is not an IP address. An
    /// IPv4-mapped IPv6 address is read as the IPv4 address, so that both spellings of one client
    /// share its failure limits.
    static func address(_ text: UnsafeMutableBufferPointer<UInt8>) -> PeerAddress? {
        guard let first = text.first else { return nil }
        var host = 0..<text.count
        var family: UInt8 = 4
        if first == UInt8(ascii: "[") {
            guard let close = text.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            guard isPort(text, after: close + 1) else { return nil }
            host = 1..<close
            family = 6
        } else {
            let colons = text.count { $0 == UInt8(ascii: ":") }
            if colons > 1 {
                family = 6
            } else if colons == 1, let colon = text.firstIndex(of: UInt8(ascii: ":")) {
                guard isPort(text, after: colon) else { return nil }
                host = 0..<colon
            }
        }
        guard !host.isEmpty, host.count <= 45 else { return nil }
        var raw = (UInt64(0), UInt64(0))
        let parsed = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 46) { cString -> Bool in
            for offset in 0..<host.count { cString[offset] = CChar(bitPattern: text[host.lowerBound + offset]) }
            cString[host.count] = 0
            return withUnsafeMutableBytes(of: &raw) {
                inet_pton(family == 6 ? AF_INET6 : AF_INET, cString.baseAddress, $0.baseAddress) == 1
            }
        }
        guard parsed else { return nil }
        return PeerAddress(family: family, bytes: raw, port: 0).unmapped
    }

    /// Nothing at `index`, or `:` and a port number (1 to 5 digits, at most 65535) to the end.
    private static func isPort(_ text: UnsafeMutableBufferPointer<UInt8>, after index: Int) -> Bool {
        if index == text.count { return true }
        guard text[index] == UInt8(ascii: ":") else { return false }
        let digits = text.count - index - 1
        guard digits >= 1, digits <= 5 else { return false }
        var port = 0
        for position in (index + 1)..<text.count {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) else { return false }
            port = port * 10 + Int(text[position] - UInt8(ascii: "0"))
        }
        return port <= 65535
    }
}
