import Testing
import TesseraConfig

@Suite struct DurationTests {
    @Test(arguments: [
        ("50ms", Duration.milliseconds(50)),
        ("300s", .seconds(300)),
        ("5m", .seconds(300)),
        ("1h", .seconds(3600)),
        ("30d", .seconds(30 * 86400)),
        ("30", .seconds(30)),
        ("0.25", .milliseconds(250)),
        ("1.5s", .milliseconds(1500)),
        ("0", .zero),
    ])
    func durationFormsParse(text: String, expected: Duration) {
        #expect(Duration(configText: text) == expected)
    }

    @Test(arguments: ["", "-5s", "-1", "5 s", "5w", "d", "ms", "1.s", ".5", "abc", "1e3", "10x", "1h30m", "9999999999999s"])
    func malformedDurationsAreRejected(text: String) {
        #expect(Duration(configText: text) == nil)
    }

    /// In the file, a YAML number and a YAML string are both accepted.
    @Test(arguments: [
        ("request_timeout: 15", Duration.seconds(15)),
        ("request_timeout: 0.5", .milliseconds(500)),
        ("request_timeout: \"2m\"", .seconds(120)),
        ("request_timeout: 250ms", .milliseconds(250)),
        ("request_timeout: '1h'", .seconds(3600)),
    ])
    func durationsInTheFileAcceptNumbersAndStrings(line: String, expected: Duration) throws {
        let config = try ConfigLoader.parse(yaml: "server:\n  \(line)\n", file: "c.yaml", environment: [:])
        #expect(config.server.requestTimeout == expected)
    }

    @Test func secondsHelperIncludesTheFraction() {
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(Duration.seconds(3600).seconds == 3600)
    }

    @Test(arguments: [
        (Duration.seconds(3600), "1h"), (.seconds(300), "5m"), (.seconds(45), "45s"),
        (.milliseconds(50), "50ms"), (.zero, "0s"),
    ])
    func configTextIsTheShortestSpelling(duration: Duration, text: String) {
        #expect(duration.configText == text)
    }
}
