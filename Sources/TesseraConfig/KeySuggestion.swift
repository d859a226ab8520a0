/// "did you mean ...?" for unknown config keys.
enum KeySuggestion {
    /// The known key closest to `unknown`: within edit distance 2, or equal once case and
    /// `_`/`-` are ignored (`maxOpenConns` -> `max_open_conns`). Nil when nothing is close.
    static func closest(to unknown: String, among known: [String]) -> String? {
        let folded = fold(unknown)
        if let match = known.first(where: { fold($0) == folded }) { return match }
        var best: (key: String, distance: Int)?
        for key in known {
            let distance = editDistance(Array(unknown.utf8), Array(key.utf8))
            if distance <= 2, distance < (best?.distance ?? Int.max) { best = (key, distance) }
        }
        return best?.key
    }

    private static func fold(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Levenshtein distance over bytes, two rows.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
