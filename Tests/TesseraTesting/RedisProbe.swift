import Foundation
import Glibc

/// A minimal RESP client for looking into a Redis from a test (which keys exist, what they hold).
package final class RedisProbe {
    private let fd: Int32
    private var buffer: [UInt8] = []

    package init(port: Int32) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard withLoopbackAddress(port, { connect(fd, $0, $1) }) == 0 else {
            throw HarnessError.socket("redis connect \(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// A reply: a string (bulk or simple), an integer, an array, nil, or an error.
    package indirect enum Reply: Equatable {
        case string([UInt8]), integer(Int), array([Reply]), null, error(String)

        package var text: String? {
            if case let .string(bytes) = self { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
    }

    package func command(_ arguments: [String]) throws -> Reply {
        var request = "*\(arguments.count)\r\n"
        for argument in arguments { request += "$\(argument.utf8.count)\r\n\(argument)\r\n" }
        let bytes = Array(request.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw HarnessError.socket("redis send") }
        return try reply()
    }

    /// Every key matching `pattern` (SCAN, so a large keyspace is not a problem).
    package func keys(_ pattern: String) throws -> [String] {
        var cursor = "0", found: [String] = []
        repeat {
            guard case let .array(parts) = try command(["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"]), parts.count == 2,
                  let next = parts[0].text, case let .array(keys) = parts[1] else { throw HarnessError.unexpected("SCAN reply") }
            cursor = next
            found += keys.compactMap(\.text)
        } while cursor != "0"
        return found
    }

    /// What a key holds, as text, whatever its type (string, hash, set, list, sorted set).
    package func dump(_ key: String) throws -> String {
        guard case let .string(type) = try command(["TYPE", key]) else { return "" }
        let command: [String]
        switch String(decoding: type, as: UTF8.self) {
        case "string": command = ["GET", key]
        case "hash": command = ["HGETALL", key]
        case "set": command = ["SMEMBERS", key]
        case "list": command = ["LRANGE", key, "0", "-1"]
        case "zset": command = ["ZRANGE", key, "0", "-1"]
        default: return ""
        }
        func flatten(_ reply: Reply) -> String {
            switch reply {
            case let .string(bytes): return String(decoding: bytes, as: UTF8.self)
            case let .array(items): return items.map(flatten).joined(separator: " ")
            case let .integer(value): return String(value)
            default: return ""
            }
        }
        return flatten(try self.command(command))
    }

    private func line() throws -> [UInt8] {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = Array(buffer[..<end])
                buffer.removeFirst(end + 2)
                return line
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { throw HarnessError.closed("redis") }
        buffer += chunk[0..<n]
    }

    private func reply() throws -> Reply {
        let head = try line()
        guard let kind = head.first else { throw HarnessError.malformedResponse("redis: empty line") }
        let rest = String(decoding: head.dropFirst(), as: UTF8.self)
        switch kind {
        case UInt8(ascii: "+"): return .string(Array(rest.utf8))
        case UInt8(ascii: "-"): return .error(rest)
        case UInt8(ascii: ":"): return .integer(Int(rest) ?? 0)
        case UInt8(ascii: "$"):
            guard let length = Int(rest), length >= 0 else { return .null }
            while buffer.count < length + 2 { try fill() }
            let bytes = Array(buffer[..<length])
            buffer.removeFirst(length + 2)
            return .string(bytes)
        case UInt8(ascii: "*"):
            guard let count = Int(rest), count >= 0 else { return .null }
            return .array(try (0..<count).map { _ in try reply() })
        default: throw HarnessError.malformedResponse("redis: \(head)")
        }
    }
}
