import Foundation

extension RawClient {
    /// One request on a fresh connection, read until the server closes it (`Connection: close`):
    /// the raw response bytes. Bounded by `timeout` per read and write; a timeout throws.
    package static func oneShot(port: UInt16, _ request: String, timeout: Double = 10) throws -> [UInt8] {
        let client = try RawClient(port: port, timeout: timeout)
        defer { client.close() }
        try client.write(request)
        while true {
            switch client.fill() {
            case .data: continue
            case .closed: return client.buffer
            case .timedOut:
                throw HarnessError.timedOut("port \(port): no complete response within \(timeout) s (have \(client.buffer.count) bytes)")
            }
        }
    }
}
