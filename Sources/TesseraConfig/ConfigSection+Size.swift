extension ConfigSection {
    /// A size (`ByteSize`) of at least `minimum` bytes.
    func size(_ key: String, default fallback: Int, minimum: Int) throws(ConfigError) -> Int {
        guard let node = values[key] else { return fallback }
        let text = try reader.text(node, at: path(key), expected: "a size")
        guard let value = ByteSize.parse(text) else {
            throw error(key, "expected a size like 512KiB, 16MiB, 1GiB or a number of bytes, got \(ConfigReader.describe(node))")
        }
        guard value >= minimum else {
            throw error(key, "must be at least \(ByteSize.text(minimum)), got \(ConfigReader.describe(node))")
        }
        return value
    }
}
