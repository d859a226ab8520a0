import Foundation

/// A fresh directory under the system temporary folder, removed by `remove()`.
package struct TemporaryDirectory: Sendable {
    package let url: URL

    package init(prefix: String) throws {
        let name = "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    package func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
