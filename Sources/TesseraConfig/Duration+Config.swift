extension Duration {
    /// The duration in (fractional) seconds.
    package var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }

    /// Parses a config duration: `50ms`, `300s`, `5m`, `1h`, `30d` (an optional fraction is allowed:
    /// `1.5s`), or a bare number of seconds (`30`, `0.25`). Nil for anything else, including
    /// negative values and more than 12 integer digits.
    package init?(configText text: String) {
        var number = Substring(text)
        var multiplier: Int64 = 1
        var divisor: Int64 = 1
        if number.hasSuffix("ms") {
            number = number.dropLast(2)
            divisor = 1000
        } else if let last = number.last, "smhd".contains(last) {
            number = number.dropLast()
            multiplier = last == "s" ? 1 : last == "m" ? 60 : last == "h" ? 3600 : 86400
        }
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 12,
              wholeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let whole = Int64(wholeText)
        else { return nil }
        var atto: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let digits = fraction.prefix(18)
            atto = Int64(digits + String(repeating: "0", count: 18 - digits.count)) ?? 0
        }
        let base = Duration(secondsComponent: whole, attosecondsComponent: atto)
        self = base * multiplier / divisor
    }

    /// The shortest config spelling of this duration: `1h`, `5m`, `300ms`, `1.5s`.
    package var configText: String {
        let (whole, atto) = components
        if atto == 0 {
            if whole != 0, whole % 3600 == 0 { return "\(whole / 3600)h" }
            if whole != 0, whole % 60 == 0 { return "\(whole / 60)m" }
            return "\(whole)s"
        }
        if atto % 1_000_000_000_000_000 == 0 { return "\(whole * 1000 + atto / 1_000_000_000_000_000)ms" }
        return "\(seconds)s"
    }
}
