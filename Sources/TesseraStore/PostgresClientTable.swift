/// Client registrations in PostgreSQL (`tessera_clients`), through prepared statements. Arrays are
/// written as text joined by U+001F (the CLI refuses control characters in them, contract rule 4)
/// and read back length-prefixed (`LengthPrefixedFields`), so an element holding any byte (a row
/// written by hand with `read\x1eadmin` or `a\x1fb`) comes back as the one element it is, for
/// `ClientRecord.identityProblem` to refuse, never as two; no array literal is ever parsed.
package struct PostgresClientTable: Sendable {
    static let separator = "\u{1F}"
    static let columns = "id, secret_hash, \(lengthPrefixed("scopes")), \(lengthPrefixed("audiences")), introspect, version, jwks"
        + ", " + PostgresClientColumns.read + ", " + certificateColumns
    /// Migration 5, always the last four columns read.
    static let certificateColumns = "tls_subject_dn, tls_san_dns, tls_san_uri, \(lengthPrefixed("self_signed_certificates"))"

    /// The elements of a text[] column, each `<octets>:<text>`, in order (NULL when empty).
    static func lengthPrefixed(_ column: String) -> String {
        "(SELECT string_agg(octet_length(e)::text || ':' || e, '' ORDER BY o) FROM unnest(\(column)) WITH ORDINALITY AS t(e, o))"
    }

    static let find = PostgresStatement(
        name: "tessera_client_find", sql: "SELECT \(columns) FROM tessera_clients WHERE id = $1", parameterCount: 1)
    static let list = PostgresStatement(
        name: "tessera_client_list", sql: "SELECT \(columns) FROM tessera_clients ORDER BY id", parameterCount: 0)
    static let insert = PostgresStatement(
        name: "tessera_client_insert",
        sql: """
            INSERT INTO tessera_clients (id, secret_hash, scopes, audiences, introspect, jwks,
                                         tls_subject_dn, tls_san_dns, tls_san_uri, self_signed_certificates,
                                         \(PostgresClientColumns.written))
            VALUES ($1, $2, coalesce(string_to_array($3, E'\\x1f'), '{}'), coalesce(string_to_array($4, E'\\x1f'), '{}'), $5::boolean,
                    $6, $7, $8, $9, coalesce(string_to_array($10, E'\\x1f'), '{}'), \(PostgresClientColumns.values(from: 11)))
            ON CONFLICT (id) DO NOTHING
            """,
        parameterCount: 10 + PostgresClientColumns.count)
    static let findForUpdate = PostgresStatement(
        name: "tessera_client_find_for_update", sql: "SELECT \(columns) FROM tessera_clients WHERE id = $1 FOR UPDATE",
        parameterCount: 1)
    /// Every column a client has, in place (the same columns and parameters as `insert`, so a
    /// field cannot be stored by one and dropped by the other); the version moves on.
    static let update = PostgresStatement(
        name: "tessera_client_update",
        sql: """
            UPDATE tessera_clients SET
                (secret_hash, scopes, audiences, introspect, jwks, tls_subject_dn, tls_san_dns, tls_san_uri,
                 self_signed_certificates, \(PostgresClientColumns.written)) =
                ($2, coalesce(string_to_array($3, E'\\x1f'), '{}'), coalesce(string_to_array($4, E'\\x1f'), '{}'), $5::boolean,
                 $6, $7, $8, $9, coalesce(string_to_array($10, E'\\x1f'), '{}'), \(PostgresClientColumns.values(from: 11))),
                version = version + 1, updated_at = now()
            WHERE id = $1
            """,
        parameterCount: 10 + PostgresClientColumns.count)
    static let delete = PostgresStatement(
        name: "tessera_client_delete", sql: "DELETE FROM tessera_clients WHERE id = $1", parameterCount: 1)
    static let rotate = PostgresStatement(
        name: "tessera_client_rotate",
        sql: "UPDATE tessera_clients SET secret_hash = $2, version = version + 1, updated_at = now() WHERE id = $1",
        parameterCount: 2)

    package init() {}

    package func find(id: String, on connection: PostgresConnection) throws(StoreError) -> ClientRecord? {
        try connection.execute(Self.find, [id]).rows.first.map(Self.record)
    }

    package func list(on connection: PostgresConnection) throws(StoreError) -> [ClientRecord] {
        try connection.execute(Self.list).rows.map(Self.record)
    }

    /// False when a client with this id already exists.
    package func insert(_ record: ClientRecord, on connection: PostgresConnection) throws(StoreError) -> Bool {
        try connection.execute(Self.insert, Self.parameters(record)).affected == 1
    }

    /// The row, locked until the transaction ends (`ClientOperations`: read, change, write).
    package func findForUpdate(id: String, on connection: PostgresConnection) throws(StoreError) -> ClientRecord? {
        try connection.execute(Self.findForUpdate, [id]).rows.first.map(Self.record)
    }

    /// Writes the whole record (secrets, grant, keys, certificate names, policy) over the stored
    /// row; false when there is none.
    package func update(_ record: ClientRecord, on connection: PostgresConnection) throws(StoreError) -> Bool {
        try connection.execute(Self.update, Self.parameters(record)).affected == 1
    }

    /// `$1...` of `insert` and `update`: every column of the record.
    static func parameters(_ record: ClientRecord) -> [String?] {
        [
            record.id, record.secretHash, joined(record.scopes), joined(record.audiences), record.introspect ? "true" : "false",
            record.jwks, record.certificateMethods.subjectDN, record.certificateMethods.sanDNS, record.certificateMethods.sanURI,
            joined(record.certificateMethods.selfSignedCertificates),
        ] + PostgresClientColumns.parameters(record)
    }

    /// False when there was no such client.
    package func delete(id: String, on connection: PostgresConnection) throws(StoreError) -> Bool {
        try connection.execute(Self.delete, [id]).affected == 1
    }

    /// False when there was no such client.
    package func updateSecretHash(id: String, secretHash: String, on connection: PostgresConnection) throws(StoreError) -> Bool {
        try connection.execute(Self.rotate, [id, secretHash]).affected == 1
    }

    /// NULL stands for an empty list: string_to_array('') would give one empty element.
    static func joined(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: separator)
    }

    static func record(_ row: [String?]) -> ClientRecord {
        let split = Self.split
        var record = ClientRecord(
            id: row[0] ?? "", secretHash: row[1] ?? "", scopes: split(row[2]), audiences: split(row[3]),
            introspect: row[4] == "t", jwks: row[6], version: row[5].flatMap { Int64($0) } ?? 0)
        PostgresClientColumns.apply(row, from: 7, to: &record)
        let last = row.count - 4  // `certificateColumns`
        record.certificateMethods = ClientCertificateMethods(
            subjectDN: row[last], sanDNS: row[last + 1], sanURI: row[last + 2], selfSignedCertificates: split(row[last + 3]))
        return record
    }

    static func split(_ value: String?) -> [String] {
        guard let value, !value.isEmpty else { return [] }
        // Unreadable (e.g. not UTF-8, read as U+0000 by `PostgresRows`): an element no valid
        // client holds, so the client is unusable rather than holding fewer or other items.
        return LengthPrefixedFields.Reader.list(Array(value.utf8)[...]) ?? ["\u{0}"]
    }
}
