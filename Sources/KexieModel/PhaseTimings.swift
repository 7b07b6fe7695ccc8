import KexieMachinery

/// Wall-clock seconds spent in named phases of a run (reading a table, an analysis, writing),
/// in the order they ended. Recorded always (a clock read per phase costs nothing next to a
/// phase); `kexie` prints them when `KEXIE_TIMINGS` is set, for benchmarks and profiling.
public struct PhaseTimings: Sendable {
    /// Each phase's name and wall-clock seconds, in the order the phases ended.
    public private(set) var phases: [(name: String, seconds: Double)] = []
    private var last: Double

    /// An empty record whose first phase starts now.
    public init() { last = Self.now() }

    /// Ends the current phase, naming it, and starts the next one.
    public mutating func lap(_ name: String) {
        let t = Self.now()
        phases.append((name, t - last))
        last = t
    }

    /// Appends phases measured elsewhere (another thread's), keeping their names.
    public mutating func append(contentsOf other: PhaseTimings) {
        phases.append(contentsOf: other.phases)
        last = Self.now()
    }

    /// Seconds since an arbitrary fixed point (monotonic).
    public static func now() -> Double { _monotonicSeconds() }
}
