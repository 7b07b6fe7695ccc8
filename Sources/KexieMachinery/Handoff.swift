import Dispatch
import Synchronization

/// A value one side of an `_inParallel` split publishes once, for the other side to look at
/// without waiting (`current`) or to wait for (`wait`).
///
/// Waiting is safe only because of how the publisher is written: it calls `publisherStarted()`
/// first and then publishes without waiting for anything. And when the two sides run one after
/// the other (one core: `concurrentPerform` may run both on the calling thread, either first),
/// a side that waits for a publisher that has not started gets `nil` at once instead of waiting
/// forever. So neither side can block the other, however they are scheduled.
///
/// - Invariant: the state only moves forward, `notStarted → running → published`, and
///   publishes at most once; at most one thread waits.
package final class _Handoff<Value: Sendable>: Sendable {
    private enum State {
        case notStarted
        case running
        case published(Value?)
    }
    private let state = Mutex<State>(.notStarted)
    /// Signalled once, by `publish`, for the one waiter.
    private let published = DispatchSemaphore(value: 0)

    package init() {}

    /// Called by the publishing side before anything else.
    package func publisherStarted() {
        state.withLock { if case .notStarted = $0 { $0 = .running } }
    }

    /// Publishes `value` (`nil`: the publisher has nothing to hand over). Once only.
    package func publish(_ value: Value?) {
        state.withLock {
            if case .published = $0 { preconditionFailure("a handoff publishes once") }
            $0 = .published(value)
        }
        published.signal()
    }

    /// The published value, `nil` while there is none (never waits).
    package func current() -> Value? {
        state.withLock { if case .published(let value) = $0 { value } else { nil } }
    }

    /// The published value, waiting for it while the publisher runs; `nil` at once when the
    /// publisher has not started. Called by one thread, once.
    package func wait() -> Value? {
        let now: State = state.withLock { $0 }
        switch now {
        case .notStarted: return nil
        case .published(let value): return value
        case .running:
            published.wait()
            return current()
        }
    }
}
