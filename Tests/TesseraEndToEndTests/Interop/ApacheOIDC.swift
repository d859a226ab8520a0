import TesseraTesting
import Foundation
import Glibc

/// An Apache httpd with mod_auth_openidc as an OAuth 2.0 resource server in front of one static
/// file (`/protected/ok.txt`): its own config, logs, pid file and runtime folder in a temporary
/// directory, on a free loopback port, in the foreground (no system service); always stopped.
/// scripts/test installs Debian's `apache2` and `libapache2-mod-auth-openidc`; without them the
/// tests skip locally and fail under TESSERA_REQUIRE_SERVICES=1.
final class ApacheOIDC {
    static let binary = "/usr/sbin/apache2"
    static let modules = "/usr/lib/apache2/modules"

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: binary)
            && FileManager.default.fileExists(atPath: modules + "/mod_auth_openidc.so")
    }


    let directory: TemporaryDirectory
    let port: UInt16
    private let pid: pid_t
    private var stopped = false

    var protectedURL: String { "http://127.0.0.1:\(port)/protected/ok.txt" }
    var errorLog: String { (try? String(contentsOf: directory.file("error.log"), encoding: .utf8)) ?? "" }

    /// Starts Apache with `oauth` (mod_auth_openidc `OIDCOAuth*` lines) trusting `caBundle`.
    init(oauth: [String], caBundle: String) throws {
        directory = try TemporaryDirectory(prefix: "tessera-apache")
        let root = directory.url.path
        // Apache started as root serves from www-data (Debian's user): it must read what is here.
        chmod(root, 0o755)
        let htdocs = directory.file("htdocs/protected")
        try FileManager.default.createDirectory(at: htdocs, withIntermediateDirectories: true)
        try "protected resource\n".write(to: htdocs.appendingPathComponent("ok.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: caBundle, toPath: directory.file("ca.pem").path)
        for path in [root + "/htdocs", htdocs.path] { chmod(path, 0o755) }
        for path in [htdocs.appendingPathComponent("ok.txt").path, directory.file("ca.pem").path] { chmod(path, 0o644) }

        var lastError = ""
        for _ in 0..<3 {
            let port = try Self.freePort()
            let running = geteuid() == 0 ? ["User www-data", "Group www-data"] : []
            let config = ([
                "ServerRoot \(root)", "ServerName 127.0.0.1", "Listen 127.0.0.1:\(port)",
                "PidFile \(root)/httpd.pid", "ErrorLog \(root)/error.log", "DefaultRuntimeDir \(root)", "Mutex file:\(root)",
                "LogLevel warn auth_openidc:debug",
                "LoadModule mpm_event_module \(Self.modules)/mod_mpm_event.so",
                "LoadModule authz_core_module \(Self.modules)/mod_authz_core.so",
                "LoadModule authn_core_module \(Self.modules)/mod_authn_core.so",
                "LoadModule authz_user_module \(Self.modules)/mod_authz_user.so",
                "LoadModule auth_openidc_module \(Self.modules)/mod_auth_openidc.so",
                "StartServers 1", "ServerLimit 1", "ThreadsPerChild 8", "MaxRequestWorkers 8",
                "DocumentRoot \(root)/htdocs",
                "OIDCCABundlePath \(root)/ca.pem", "OIDCCryptoPassphrase tessera-interop-test",
            ] + running + oauth + [
                "<Location /protected>", "  AuthType oauth20", "  Require valid-user", "</Location>",
            ]).joined(separator: "\n") + "\n"
            let configPath = directory.file("httpd.conf").path
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            let pid = try Spawn.start(Self.binary, ["-f", configPath, "-DFOREGROUND"], environment: ProcessInfo.processInfo.environment,
                                      directory: root, stdin: "/dev/null", stdout: directory.file("stdout.log").path,
                                      stderr: directory.file("stderr.log").path)
            if try Self.awaitListening(port: port, pid: pid) {
                self.pid = pid
                self.port = port
                return
            }
            lastError = ["stderr.log", "error.log"].map { (try? String(contentsOfFile: root + "/" + $0, encoding: .utf8)) ?? "" }.joined()
            _ = Spawn.kill(pid)
        }
        directory.remove()
        throw HarnessError.startFailed("apache2 did not listen: \(lastError)")
    }

    deinit { stop() }

    /// SIGTERM (Apache stops its children), then SIGKILL after 10 s.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        if Spawn.wait(pid, timeout: 10) == nil { _ = Spawn.kill(pid) }
        directory.remove()
    }

    /// The status of GET /protected/ok.txt with `authorization` (nil: no header).
    func get(authorization: String?) throws -> Int {
        var arguments: [String] = []
        if let authorization { arguments += ["-H", "Authorization: \(authorization)"] }
        return try HTTPSClient.request(protectedURL, arguments + ["-o", "/dev/null"]).status
    }

    /// Polls a TCP connect every 50 ms for up to 15 s; false when Apache exited (a port taken).
    private static func awaitListening(port: UInt16, pid: pid_t) throws -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Spawn.poll(pid) != nil { return false }
            if connects(port) { return true }
            usleep(50_000)
        }
        _ = Spawn.kill(pid)
        throw HarnessError.timedOut("apache2 did not listen on 127.0.0.1:\(port) within 15 s")
    }

    private static func connects(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A port the kernel just handed out on loopback (released again for Apache to bind).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError.socket("socket: \(errno)") }
        defer { close(fd) }
        var address = loopback(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw HarnessError.socket("bind: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func loopback(_ port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
