/// `state:` — where embedded mode records what must survive a restart (revocations).
package struct StateConfig: Sendable, Equatable {
    /// Absolute after loading: a relative path is resolved like `keys.directory`.
    package var directory: String

    package init(directory: String = "./state") {
        self.directory = directory
    }
}

extension StateConfig {
    static let keys = ["directory"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = StateConfig()
        let directory = try section?.string("directory", default: defaults.directory) ?? defaults.directory
        guard !directory.isEmpty else { throw section!.error("directory", "must not be empty") }
        self.init(directory: directory)
    }
}
