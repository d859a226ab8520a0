import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    @Suite struct Backpressure {
        /// Resident memory of this process, in bytes.
        static func residentBytes() -> Int {
            guard let file = fopen("/proc/self/statm", "r") else { return 0 }
            defer { fclose(file) }
            var size = 0, resident = 0
            withUnsafeMutablePointer(to: &size) { s in
                withUnsafeMutablePointer(to: &resident) { r in
                    withVaList([s, r]) { _ = vfscanf(file, "%ld %ld", $0) }
                }
            }
            return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
        }

        /// A client that pipelines requests for large responses and does not read them must not
        /// make the server buffer every response: it stops serving until the client catches up,
        /// and then every response still arrives, in order.
        @Test func pipelinedRequestsOfAClientThatDoesNotReadAreServedAsItReads() throws {
            try withServer(workers: 1) { port, _ in
                let count = 500, size = 65536
                let client = try RawClient.strict(port: port, timeout: .seconds(5))
                let before = Self.residentBytes()
                try client.write((0..<count).map { "GET /big/\(size) HTTP/1.1\r\nHost: t\r\nX-N: \($0)\r\n\r\n" }.joined())
                usleep(300_000)
                let growth = Self.residentBytes() - before
                #expect(growth < count * size / 2, "resident memory grew by \(growth) bytes")
                for _ in 0..<count {
                    let response = try client.readResponse()
                    #expect(response.status == 200 && response.body.utf8.count == size)
                    if response.status != 200 { break }
                }
                try client.write("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().header("X-Target") == "/echo/after")
            }
        }
    }
}
