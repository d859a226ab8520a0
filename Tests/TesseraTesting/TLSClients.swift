import Foundation

/// Real TLS clients against the binary: Python's `ssl` module and `curl`. Without them the tests
/// skip locally, and fail when TESSERA_REQUIRE_SERVICES=1 (scripts/test, CI).
package enum TLSClients {
    package static let python = TestPython.pathOrDefault
    package static let curl = "/usr/bin/curl"

    package static var pythonAvailable: Bool { FileManager.default.isExecutableFile(atPath: python) }
    package static var curlAvailable: Bool { FileManager.default.isExecutableFile(atPath: curl) }
    package static var installed: Bool { pythonAvailable && curlAvailable }

    /// One connection (or two, for resumption) with Python's ssl: prints a JSON object per
    /// connection with the status, TLS version, ALPN, session_reused and the server's subject O=.
    package static let script = #"""
import json, socket, ssl, sys
port, ca, max_version = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connections = int(sys.argv[4])
cert = sys.argv[5] if len(sys.argv) > 5 else None
context = ssl.create_default_context(cafile=ca)
context.set_alpn_protocols(["http/1.1"])
if max_version == "1.2":
    context.maximum_version = ssl.TLSVersion.TLSv1_2
if cert:
    context.load_cert_chain(cert + ".pem", cert + ".key")
session = None
for _ in range(connections):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="localhost", session=session) as tls:
                tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                subject = dict(item[0] for item in tls.getpeercert()["subject"])
                print(json.dumps({"status": int(data.split(b" ")[1]), "version": tls.version(),
                                  "alpn": tls.selected_alpn_protocol(), "reused": tls.session_reused,
                                  "organization": subject.get("organizationName")}))
                session = tls.session
    except (ssl.SSLError, OSError) as error:
        print(json.dumps({"error": str(error)}))
"""#

    /// Runs the Python client; one dictionary per connection.
    package static func python(port: UInt16, ca: String, maxVersion: String = "1.3", connections: Int = 1,
                       certificate: String? = nil) throws -> [[String: Any]] {
        var arguments = ["-c", script, "\(port)", ca, maxVersion, "\(connections)"]
        if let certificate { arguments.append(certificate) }
        let outcome = try TesseraBinary.runProgram(python, arguments, timeout: 30)
        guard outcome.status == 0 else { throw HarnessError.startFailed("python ssl client: \(outcome.stderr)") }
        return outcome.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// `curl --cacert` to /healthz; returns curl's exit status and `http_code http_version`.
    package static func curl(port: UInt16, ca: String, extra: [String] = []) throws -> (status: Int32, output: String) {
        let outcome = try TesseraBinary.runProgram(curl, [
            "-sS", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", "--max-time", "5", "--cacert", ca,
            "--resolve", "localhost:\(port):127.0.0.1",
        ] + extra + ["https://localhost:\(port)/healthz"], timeout: 30)
        return (outcome.status, outcome.stdout)
    }
}
