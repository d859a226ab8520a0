extension LoggingConfig {
    static let keys = ["level", "format", "access", "buffer"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = LoggingConfig()
        guard let section else {
            self = defaults
            return
        }
        let levelText = try section.string("level", default: defaults.level.rawValue)
        guard let level = Level(rawValue: levelText.lowercased()) else {
            throw section.error("level", "expected debug, info, warning or error, got \"\(levelText)\"")
        }
        let formatText = try section.string("format", default: defaults.format.rawValue)
        guard let format = Format(rawValue: formatText.lowercased()) else {
            throw section.error("format", "expected logfmt or json, got \"\(formatText)\"")
        }
        self.init(level: level, format: format, access: try section.bool("access", default: defaults.access),
                  buffer: try section.size("buffer", default: defaults.buffer, minimum: Self.minimumBuffer))
    }
}
