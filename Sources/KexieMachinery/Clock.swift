#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds since an arbitrary fixed point, from the monotonic clock (never steps back when the
/// wall clock is set): for phase timings and progress intervals, not for dates.
@inlinable @inline(__always)
package func _monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
