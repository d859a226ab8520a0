import Foundation
import TesseraJOSE

/// `client add --jwks FILE` (and `client update`): the client's public keys for private_key_jwt, checked before they are
/// stored. A key that is refused (RSA under 2048 bits, a P-256 point off the curve, private
/// members, ...) is a usage error naming the client and the key.
enum ClientJWKSFile {
    static func read(_ path: String, clientID: String, command: String = "client add") throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("tessera \(command): --jwks \(path): cannot read the file")
            throw Reported(code: ExitStatus.usage)
        }
        let bytes = Array(data)
        do {
            _ = try ClientKeySet.parse(json: bytes)
        } catch {
            printError("tessera \(command): --jwks \(path): client \"\(clientID)\": \(error.description)")
            throw Reported(code: ExitStatus.usage)
        }
        // Stored as text; the Redis tier separates fields with U+001E/U+001F, which JSON never holds raw.
        guard let text = String(bytes: bytes, encoding: .utf8), !bytes.contains(0x1E), !bytes.contains(0x1F) else {
            printError("tessera \(command): --jwks \(path): not UTF-8 JSON text")
            throw Reported(code: ExitStatus.usage)
        }
        return text
    }
}
