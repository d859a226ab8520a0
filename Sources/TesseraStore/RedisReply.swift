import CHiredis

/// One Redis reply, copied out of hiredis. A server error reply (`-ERR ...`) is a value here,
/// `.error`, distinct from a transport failure, which is thrown as `StoreError.unavailable`.
package enum RedisReply: Sendable, Equatable {
    case string([UInt8])
    case status(String)
    case integer(Int64)
    case null
    case array([RedisReply])
    case error(String)

    init(_ reply: UnsafePointer<redisReply>) {
        let r = reply.pointee
        switch Int32(r.type) {
        case REDIS_REPLY_STRING:
            self = .string(Self.bytes(r.str, Int(r.len)))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(r.str, Int(r.len)), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(r.str, Int(r.len)), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            items.reserveCapacity(Int(r.elements))
            for index in 0..<Int(r.elements) {
                if let element = r.element[index] { items.append(RedisReply(element)) } else { items.append(.null) }
            }
            self = .array(items)
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The bulk string's bytes, or nil for anything else.
    package var bytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }
}
