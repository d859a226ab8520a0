/// The client's address behind a trusted proxy: `X-Forwarded-For` (de facto) and `Forwarded:
/// for=` (RFC 7239 §5.2). Each proxy appends the address it received the request from, so the list
/// is read from the right and the first address that is not itself a trusted proxy is the client;
/// anything left of it was written by the client and proves nothing (a spoofed entry). When every
/// address is a trusted proxy, the leftmost is the client.
///
/// Only asked for a connection whose peer is in `server.trusted_proxies`; every other request's
/// client is its peer, whatever it sends. Anything that cannot be read where the answer lies
/// (a malformed entry, `unknown`, an obfuscated identifier, a `Forwarded` element without `for=`)
/// falls back to the peer, as does a request carrying both headers when they disagree: one of them
/// was not written by the proxy, and which one cannot be told.
package enum ForwardedFor {
    /// One entry of either header, as read.
    enum Node: Equatable {
        case address(PeerAddress)
        case unreadable
    }

    /// What one header (all its lines) says.
    enum Verdict: Equatable {
        case absent
        case client(PeerAddress)
        case unreadable
    }

    /// The client's address for a request from `peer` with these header fields.
    package static func client(
        fields: [HTTPHeaderField], bytes: UnsafeRawBufferPointer, peer: PeerAddress, trusted: TrustedProxies
    ) -> PeerAddress {
        var forwardedFor: [Node] = []
        var forwarded: [Node] = []
        for field in fields {
            let value = UnsafeRawBufferPointer(rebasing: bytes[field.value])
            if field.known == .xForwardedFor {
                xForwardedForNodes(value, into: &forwardedFor)
            } else if field.known == .forwarded {
                forwardedNodes(value, into: &forwarded)
            }
        }
        return combine(verdict(forwardedFor, trusted: trusted), verdict(forwarded, trusted: trusted), peer: peer)
    }

    /// The rightmost address of `nodes` that is not a trusted proxy (the leftmost when all are).
    static func verdict(_ nodes: [Node], trusted: TrustedProxies) -> Verdict {
        var leftmost: PeerAddress?
        for node in nodes.reversed() {
            guard case .address(let address) = node else { return .unreadable }
            if !trusted.contains(address) { return .client(address) }
            leftmost = address
        }
        return leftmost.map { .client($0) } ?? .absent
    }

    static func combine(_ first: Verdict, _ second: Verdict, peer: PeerAddress) -> PeerAddress {
        switch (first, second) {
        case (.unreadable, _), (_, .unreadable), (.absent, .absent): return peer
        case (.client(let address), .absent), (.absent, .client(let address)): return address
        case (.client(let a), .client(let b)): return a.sameHost(as: b) ? a : peer
        }
    }
}

extension PeerAddress {
    /// The same address, whatever the ports.
    func sameHost(as other: PeerAddress) -> Bool {
        family == other.family && bytes.0 == other.bytes.0 && bytes.1 == other.bytes.1
    }
}
