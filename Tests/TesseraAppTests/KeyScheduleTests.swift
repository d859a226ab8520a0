import Testing
import TesseraApp
import TesseraConfig

/// The retirement arithmetic behind the JWKS, without waiting for a clock.
@Suite struct KeyScheduleTests {
    // Keys activated at 1000 (old), 2000 (current) and 5000 (pre-published); tokens live 600 s + 30 s.
    let schedule = KeySchedule(activations: [1000, 5000, 2000], retireAfter: 630)

    @Test(arguments: [
        (Int64(1000), Int64(2629), false),  // superseded at 2000, its tokens may live until 2600 (+30)
        (1000, 2630, true),
        (2000, 4999, false),  // current signer
        (2000, 5629, false),
        (2000, 5630, true),
        (5000, 9999, false),  // newest key never retires
    ])
    func keyRetiresOnceItsSuccessorHasBeenActiveForTTLAndLeeway(_ activation: Int64, _ now: Int64, _ retired: Bool) {
        #expect(schedule.isRetired(activation, now: now) == retired)
    }

    @Test(arguments: [
        (Int64(0), Int64?(1000)),
        (1000, 2000),
        (2000, 2630),
        (2630, 5000),
        (5000, 5630),
        (5630, nil),
    ])
    func nextChangeIsTheNextActivationOrRetirement(_ now: Int64, _ next: Int64?) {
        #expect(schedule.nextChange(after: now) == next)
    }

    @Test func jwksMaxAgeIsAtMostHalfThePrePublicationLead() {
        #expect(KeyRotationPolicy().jwksMaxAge == 300)
        #expect(KeyRotationPolicy().lead == 600)
        #expect(KeyRotationPolicy(lead: 20).jwksMaxAge == 10)
        #expect(KeyRotationPolicy(lead: 1000).jwksMaxAge == 300)
        #expect(KeyRotationPolicy().lead >= KeyRotationPolicy().jwksMaxAge + KeyRotationPolicy.pollSeconds + 30)
    }
}

/// The schedule of `keys.rotation`: when the next key is made, when each key stops signing and
/// leaves the JWKS, and the policy the config section gives.
@Suite struct ScheduledRotationMathTests {
    let schedule = KeySchedule(activations: [1000, 5000, 2000], retireAfter: 630)

    @Test func theNextKeyIsMadeOnceTheNewestHasSignedForEvery() {
        #expect(schedule.nextRotation(every: 3600) == 8600, "the newest key (5000), even while it is still only published")
        #expect(schedule.nextRotation(every: 0) == nil)
        #expect(KeySchedule(activations: [], retireAfter: 0).nextRotation(every: 60) == nil)
        #expect(schedule.stopsSigning(1000) == 2000 && schedule.stopsSigning(2000) == 5000 && schedule.stopsSigning(5000) == nil)
        #expect(schedule.unpublished(1000) == 2630 && schedule.unpublished(5000) == nil)
    }

    @Test func theRotationSectionSetsLeadRetentionAndInterval() throws {
        let keys = KeysConfig(hs256Secrets: [], rotation: KeyRotationConfig(every: .seconds(86400), publishAhead: .seconds(3600),
                                                                            retain: .milliseconds(1500)))
        let policy = KeyRotationPolicy(lead: 2, retirementLeeway: 0).applying(keys)
        #expect(policy == KeyRotationPolicy(lead: 3600, retirementLeeway: 2, every: 86400))
        #expect(policy.jwksMaxAge == 300, "at most 300 s")
        #expect(policy.refreshSeconds == 10)
        let short = KeyRotationPolicy().applying(KeysConfig(hs256Secrets: [], rotation: KeyRotationConfig(every: .seconds(3), publishAhead: .seconds(4))))
        #expect(short.jwksMaxAge == 2, "at most half of publish_ahead")
        #expect(short.refreshSeconds == 2, "every node reads a new key within half the lead")
        #expect(KeyRotationPolicy(lead: 7).applying(KeysConfig()) == KeyRotationPolicy(lead: 7), "no section: unchanged")
    }
}
