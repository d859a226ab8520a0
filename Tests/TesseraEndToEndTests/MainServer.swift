import Testing
import TesseraTesting

/// The default-configured server (EdDSA, reuse on) shared by most suites, which are nested in
/// this one so they all run against one process, one test at a time.
@Suite(.serialized, .server { try .main() })
enum MainServer {
    static let pbkdf2Secret = "correct horse battery staple"
    /// Reserved characters of Basic auth and form encoding, in both the id and the secret.
    static let reservedID = "svc:a+b%c"
    static let reservedSecret = "p:ss+w%rd/with=reserved&chars ok"
    static let newlineSecret = "newline-secret"
}
