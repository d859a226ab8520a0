extension RedisClientCache {
    /// The format marker of a found record (the sixth format, with several secrets, the
    /// per-client policy and the secret method: earlier ones read as a miss, then overwritten).
    static let format: [UInt8] = Array("6|".utf8)

    package static func encode(_ entry: Entry) -> [UInt8] {
        guard case .found(let record) = entry else { return [UInt8(ascii: "-")] }
        var out = format
        out.reserveCapacity(256 + (record.jwks?.utf8.count ?? 0))
        LengthPrefixedFields.append(record.secretHash, to: &out)
        LengthPrefixedFields.append(record.introspect ? "1" : "0", to: &out)
        LengthPrefixedFields.append(list: record.scopes, to: &out)
        LengthPrefixedFields.append(list: record.audiences, to: &out)
        LengthPrefixedFields.append(String(record.version), to: &out)
        let methods = record.certificateMethods
        LengthPrefixedFields.append(methods.subjectDN, to: &out)
        LengthPrefixedFields.append(methods.sanDNS, to: &out)
        LengthPrefixedFields.append(methods.sanURI, to: &out)
        LengthPrefixedFields.append(list: methods.selfSignedCertificates, to: &out)
        LengthPrefixedFields.append(record.jwks, to: &out)
        appendSecretsAndPolicy(record, to: &out)
        return out
    }

    /// nil for a value this version cannot read (treated as a miss, then overwritten). What it
    /// reads is exactly what was written, whatever bytes a field holds.
    package static func decode(_ bytes: [UInt8], id: String) -> Entry? {
        if bytes == [UInt8(ascii: "-")] { return .unknown }
        guard bytes.starts(with: format) else { return nil }
        var reader = LengthPrefixedFields.Reader(bytes[format.count...])
        guard let secretHash = reader.nextString(), let introspect = reader.nextString(), introspect == "0" || introspect == "1",
            let scopes = reader.nextList(), let audiences = reader.nextList(),
            let version = reader.nextString().flatMap({ Int64($0) }),
            let subjectDN = reader.nextOptionalString(), let sanDNS = reader.nextOptionalString(),
            let sanURI = reader.nextOptionalString(), let selfSigned = reader.nextList(),
            let jwks = reader.nextOptionalString()
        else {
            return nil
        }
        var record = ClientRecord(
            id: id, secretHash: secretHash, scopes: scopes, audiences: audiences, introspect: introspect == "1", jwks: jwks,
            version: version)
        record.certificateMethods = ClientCertificateMethods(
            subjectDN: subjectDN, sanDNS: sanDNS, sanURI: sanURI, selfSignedCertificates: selfSigned)
        guard readSecretsAndPolicy(&reader, into: &record), reader.isAtEnd else { return nil }
        return .found(record)
    }
}
