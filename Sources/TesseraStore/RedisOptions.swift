/// How to reach Redis and how patient to be: one options struct, as hiredis takes one.
package struct RedisOptions: Sendable, Equatable {
    package var host: String
    package var port: Int32
    package var database: Int
    package var username: String?
    package var password: String?
    /// Connections in the pool (`cache.redis.pool_size`).
    package var poolSize: Int
    /// Limit on connect, on each read and each write, and on waiting for a pooled connection.
    package var timeout: Duration
    /// First reconnect delay after a failure; doubles per failure up to `backoffCap`, each delay
    /// drawn with jitter from [delay/2, delay].
    package var backoffBase: Duration
    package var backoffCap: Duration

    package var backoff: Backoff { Backoff(base: backoffBase, cap: backoffCap) }

    package init(
        host: String, port: Int32 = 6379, database: Int = 0, username: String? = nil, password: String? = nil,
        poolSize: Int = 8, timeout: Duration = .milliseconds(50),
        backoffBase: Duration = .milliseconds(50), backoffCap: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.poolSize = max(1, poolSize)
        self.timeout = max(.milliseconds(1), timeout)
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`. `rediss://` (TLS) is refused: hiredis
    /// here is built without TLS.
    package init(url: String, poolSize: Int = 8, timeout: Duration = .milliseconds(50)) throws(StoreError) {
        let scheme = "redis://"
        guard url.hasPrefix(scheme) else {
            throw .unavailable(tier: .redis, reason: "only redis:// URLs are supported")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncodingLite()
            } else if !credentials.isEmpty {
                password = String(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !db.isEmpty {
                guard let value = Int(db), value >= 0 else { throw .unavailable(tier: .redis, reason: "bad database number in URL") }
                database = value
            }
        }
        var host = String(rest)
        var port: Int32 = 6379
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let value = Int32(rest[rest.index(after: colon)...]), value > 0, value < 65536 else {
                throw .unavailable(tier: .redis, reason: "bad port in URL")
            }
            port = value
            host = String(rest[..<colon])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        self.init(host: host, port: port, database: database, username: username, password: password,
                  poolSize: poolSize, timeout: timeout)
    }
}

extension String {
    /// Decodes %XX escapes (enough for passwords in URLs); leaves malformed escapes as they are.
    func removingPercentEncodingLite() -> String {
        var out: [UInt8] = []
        var bytes = Array(utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "%"), bytes.count >= 2,
                let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            {
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
