/// An RFC 7517 §5 JWK Set: the document served at `/.well-known/jwks.json`.
package struct JWKSet: Hashable, Sendable {
    package let keys: [JWK]

    package init(keys: [JWK]) {
        self.keys = keys
    }

    /// `{"keys":[...]}` with members in a fixed order.
    package func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + keys.count * 160)
        JSONWriter.appendRaw("{\"keys\":[", to: &out)
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            key.appendJSON(to: &out)
        }
        JSONWriter.appendRaw("]}", to: &out)
        return out
    }
}
