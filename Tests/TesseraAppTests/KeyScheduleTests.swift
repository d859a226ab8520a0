import Testing
import TesseraApp

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
