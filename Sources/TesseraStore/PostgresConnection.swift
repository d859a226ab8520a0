import TesseraCore
import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used by one thread at a time. Statements are prepared once per
/// connection on first use and then run by name, parameters and results as text. Every round trip
/// is sent with libpq's asynchronous calls and awaited with `poll` up to `queryTimeout`, so a
/// server or network that stops answering costs a bounded wait, never a stuck thread. A server
/// error (with its SQLSTATE) throws `StoreError.server` and leaves the connection usable; a lost
/// or timed-out connection throws `StoreError.unavailable` and counts as broken, so the pool
/// discards it.
package final class PostgresConnection: PooledConnection, @unchecked Sendable {
    // @unchecked: used by one thread at a time: the pool lends it to one borrower.
    private let connection: OpaquePointer
    private var prepared: Set<String> = []
    private var timedOut = false
    private let queryTimeout: Duration
    /// When the connection was opened (for `conn_max_lifetime`).
    package let openedAt: MonotonicInstant

    /// Connects; `url` is a `postgres://` URI or a libpq connection string.
    package init(url: String, connectTimeoutSeconds: Int = 5, queryTimeout: Duration = .seconds(5)) throws(StoreError) {
        let keywords = ["dbname", "connect_timeout", "fallback_application_name"]
        let values = [url, String(max(1, connectTimeoutSeconds)), "tessera"]
        let connection: OpaquePointer? = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else { throw .unavailable(tier: .postgres, reason: "cannot allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw .unavailable(tier: .postgres, reason: reason)
        }
        tessera_pg_silence_notices(connection)
        self.connection = connection
        self.queryTimeout = queryTimeout
        self.openedAt = MonotonicInstant.now()
    }

    deinit { PQfinish(connection) }

    /// True once the server connection is gone.
    package var isBroken: Bool { timedOut || PQstatus(connection) != CONNECTION_OK }

    /// The server process serving this connection (tells connections apart in tests).
    package var backendPID: Int32 { PQbackendPID(connection) }

    /// Runs a prepared statement (preparing it on first use on this connection).
    package func execute(_ statement: PostgresStatement, _ parameters: [String?] = []) throws(StoreError) -> PostgresRows {
        // A text parameter travels as a C string: a NUL would cut it short and the server would
        // see another value (`victim\0xyz` looked up as `victim`). Refused, never truncated.
        for parameter in parameters where parameter?.utf8.contains(0) == true {
            throw .server(tier: .postgres, code: "22021", message: "a parameter holds a NUL byte")
        }
        if !prepared.contains(statement.name) {
            _ = try roundTrip {
                PQsendPrepare(connection, statement.name, statement.sql, Int32(statement.parameterCount), nil)
            }
            prepared.insert(statement.name)
        }
        return try roundTrip {
            Self.withOptionalCStrings(parameters) { values in
                PQsendQueryPrepared(connection, statement.name, Int32(parameters.count), values, nil, nil, 0)
            }
        }
    }

    /// Runs one or more SQL statements without parameters (migrations, BEGIN/COMMIT); the result
    /// is the last statement's, the error the first one's.
    @discardableResult
    package func exec(_ sql: String) throws(StoreError) -> PostgresRows {
        try roundTrip { PQsendQuery(connection, sql) }
    }

    /// Sends with `send` and collects every result, waiting at most `queryTimeout` in all.
    private func roundTrip(_ send: () -> Int32) throws(StoreError) -> PostgresRows {
        guard !isBroken else { throw .unavailable(tier: .postgres, reason: "connection is broken") }
        guard send() == 1 else {
            throw .unavailable(tier: .postgres, reason: Self.message(PQerrorMessage(connection)))
        }
        let deadline = MonotonicInstant.now() + queryTimeout
        var rows: PostgresRows? = nil
        var failure: StoreError? = nil
        while true {
            while PQisBusy(connection) == 1 {
                let now = MonotonicInstant.now()
                guard now < deadline else {
                    timedOut = true
                    throw .unavailable(tier: .postgres, reason: "no answer within \(queryTimeout.nanoseconds / 1_000_000) ms")
                }
                var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, Int32(min(1000, deadline.duration(since: now).nanoseconds / 1_000_000 + 1)))
                if ready < 0 && errno != EINTR {
                    timedOut = true
                    throw .unavailable(tier: .postgres, reason: String(cString: strerror(errno)))
                }
                if ready > 0 && PQconsumeInput(connection) == 0 {
                    throw .unavailable(tier: .postgres, reason: Self.message(PQerrorMessage(connection)))
                }
            }
            guard let result = PQgetResult(connection) else { break }
            do {
                let checked = try check(result)
                if failure == nil { rows = checked }
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
        guard let rows else {
            throw .unavailable(tier: .postgres, reason: Self.message(PQerrorMessage(connection)))
        }
        return rows
    }

    private func check(_ result: OpaquePointer) throws(StoreError) -> PostgresRows {
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result)
        default:
            // The primary message alone: the full one spans lines (LINE 1: ..., a caret).
            let message = PQresultErrorField(result, tessera_pg_diag_message()).map { String(cString: $0) }
                ?? Self.message(PQresultErrorMessage(result))
            if isBroken { throw .unavailable(tier: .postgres, reason: message) }
            let code = PQresultErrorField(result, tessera_pg_diag_sqlstate()).map { String(cString: $0) } ?? "?????"
            throw .server(tier: .postgres, code: code, message: message)
        }
    }

    private static func message(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        var text = String(cString: pointer)
        while text.last?.isNewline == true { text.removeLast() }
        return text.replacingNewlines()
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalCStrings(strings.map { Optional($0) } + [nil], body)
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        // Copied by length (not strdup, which stops at a NUL; callers refuse NULs before this).
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { string in
            string.map { string in
                let bytes = Array(string.utf8)
                let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
                copy[bytes.count] = 0
                return copy
            }
        }
        defer { for pointer in pointers { pointer?.deallocate() } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) { body($0) }
        }
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

/// A statement prepared under a fixed name on every connection that runs it.
package struct PostgresStatement: Sendable, Hashable {
    package let name: String
    package let sql: String
    package let parameterCount: Int

    package init(name: String, sql: String, parameterCount: Int) {
        self.name = name
        self.sql = sql
        self.parameterCount = parameterCount
    }
}

/// A result copied out of libpq: rows of text values, nil for SQL NULL.
package struct PostgresRows: Sendable, Equatable {
    package var rows: [[String?]]
    /// Rows a command touched (`UPDATE`, `DELETE`, `INSERT`), from `PQcmdTuples`.
    package var affected: Int

    init(_ result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 {
                    values.append(nil)
                } else {
                    values.append(Self.text(PQgetvalue(result, Int32(row), Int32(column)), length: PQgetlength(result, Int32(row), Int32(column))))
                }
            }
            rows.append(values)
        }
        self.rows = rows
        self.affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// A text value as it is. One that is not valid UTF-8 (a database not in UTF8 encoding) is
    /// read as U+0000, which no PostgreSQL text holds and every rule 4 check refuses: repairing
    /// it with U+FFFD would make a look-alike of another value (contract rule 4).
    static func text(_ pointer: UnsafeMutablePointer<CChar>?, length: Int32) -> String {
        guard let pointer, length > 0 else { return "" }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(length)).bindMemory(to: UInt8.self)
        return String(validating: bytes, as: UTF8.self) ?? "\u{0}"
    }
}
