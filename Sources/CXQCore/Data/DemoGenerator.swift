/// Deterministic, realistic campaign days for any campaign id and date.
///
/// Seeded from a stable FNV-1a hash of the campaign id and date (never Swift's `Hasher`,
/// which changes per process), so the same pair gives the same day on every machine.
public enum DemoGenerator {
    /// Relative call volume per hour: quiet nights, busy business hours.
    static let curve: [Double] = [
        0, 0, 0, 0, 0, 0, 0.03, 0.15, 0.55, 0.9, 1.0, 0.95,
        0.7, 0.8, 1.0, 0.95, 0.8, 0.6, 0.35, 0.2, 0.1, 0.04, 0, 0,
    ]

    /// FNV-1a, 64-bit.
    public static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// SplitMix64: small, fast and good enough for demo data.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func range(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
    }

    /// Credits and results of one day, before the change arrays.
    static func raw(campaign: String, date: CivilDate) -> (credits: [Int64], results: [Int64]) {
        var profile = Random(state: stableHash(campaign))
        let callsPerHour = profile.range(12, 120)
        let creditsPerCall = Int64(2 + profile.next() % 4)
        let resultRate = profile.range(0.015, 0.09)

        var rng = Random(state: stableHash("\(campaign)@\(date)"))
        let dayFactor = (date.isWeekend ? 0.22 : 1.0) * rng.range(0.7, 1.3)
        var credits = [Int64](repeating: 0, count: 24)
        var results = [Int64](repeating: 0, count: 24)
        for h in 0..<24 {
            let expected = callsPerHour * curve[h] * dayFactor
            let calls = Int64((expected * rng.range(0.8, 1.2) + rng.unit()).rounded(.down))
            guard calls > 0 else { continue }
            credits[h] = calls * creditsPerCall + Int64(rng.next() % UInt64(creditsPerCall))
            results[h] = Int64((Double(calls) * resultRate * rng.range(0.5, 1.5) + rng.unit()).rounded(.down))
        }
        // Now and then a refund: a negative credit in a quiet hour.
        if rng.unit() < 0.06 {
            let h = [7, 19, 20, 21][Int(rng.next() % 4)]
            credits[h] = -Int64(1 + rng.next() % 20)
        }
        return (credits, results)
    }

    /// The day, with `_change` arrays that are exactly this day minus the previous one.
    public static func day(campaign: String, date: CivilDate) -> Day {
        let today = raw(campaign: campaign, date: date)
        let before = raw(campaign: campaign, date: date.adding(days: -1))
        return Day(campaign: campaign, date: date,
                   credits: today.credits,
                   creditsChange: zip(today.credits, before.credits).map { $0 - $1 },
                   results: today.results,
                   resultsChange: zip(today.results, before.results).map { $0 - $1 },
                   origin: .demo, sourceDetail: "built-in demo data")
    }
}
