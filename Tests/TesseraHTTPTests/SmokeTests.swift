import Glibc
import Testing
@testable import TesseraHTTP

struct EchoHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseWriter) -> HTTPHandlerResult {
        response.addHeader("Content-Type", "text/plain")
        response.body.append(contentsOf: request.body)
        return .responded
    }
}

@Test func serverAnswersOneRequest() throws {
    let server = HTTPServer(options: HTTPServerOptions(port: 0, workers: 2), handler: EchoHandler())
    let port = try server.start()
    defer { server.shutdown(drain: .seconds(1)); server.wait() }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    #expect(rc == 0)
    let req = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    _ = req.withCString { write(fd, $0, strlen($0)) }
    var buf = [UInt8](repeating: 0, count: 4096)
    let n = read(fd, &buf, 4096)
    let text = String(decoding: buf[0..<max(0, n)], as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
    #expect(text.hasSuffix("\r\n\r\nhello"))
    close(fd)
}
