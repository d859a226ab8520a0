/// `server.trusted_proxies`: the peers whose `Client-Cert` header (RFC 9440) is believed.
/// Everyone else's is ignored, whatever it holds.
package struct TrustedProxies: Sendable, Equatable {
    package let blocks: [CIDRBlock]

    package static let none = TrustedProxies(blocks: [])

    package init(blocks: [CIDRBlock]) {
        self.blocks = blocks
    }

    /// Parses every entry; nil names the first that is not an address or CIDR.
    package init(parsing entries: [String]) throws(HTTPError) {
        var blocks: [CIDRBlock] = []
        for entry in entries {
            guard let block = CIDRBlock(parsing: entry) else { throw .badRequest("not an IP address or CIDR: \(entry)") }
            blocks.append(block)
        }
        self.init(blocks: blocks)
    }

    package var isEmpty: Bool { blocks.isEmpty }

    /// Whether a connection from `peer` comes from a trusted proxy.
    package func contains(_ peer: PeerAddress) -> Bool {
        for block in blocks where block.contains(peer) { return true }
        return false
    }
}
