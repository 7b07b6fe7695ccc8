import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files `OutputFile` has open, so that SIGINT and SIGTERM can remove them.
///
/// A signal handler may only call async-signal-safe functions and must not allocate, take
/// locks or touch reference counts. So the registry is fixed C storage allocated once, before
/// the handlers are installed: `capacity` slots of `pathCapacity` bytes each (a NUL-terminated
/// path) and one atomic flag per slot. Registering copies the path into a free slot and then
/// sets its flag with release ordering; the handler reads each flag with acquire ordering and
/// calls unlink(2) on the paths whose flag is set, then `_exit(128 + signal)`. A temporary file
/// whose path does not fit, or that finds every slot taken, is written all the same but is not
/// removed on a signal (kexie writes at most a few files at a time, one after another).
///
/// A signal that arrives after a rename but before the slot is released unlinks a name that no
/// longer exists, which is harmless: the complete file is already in place.
enum _InFlightFiles {
    static let capacity = 16
    static let pathCapacity = 4096

    /// `capacity × pathCapacity` bytes of paths.
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathCapacity)
        p.initialize(repeating: 0, count: capacity * pathCapacity)
        return p
    }()

    /// 1 when the slot's path is a temporary file being written, 2 while a registration fills
    /// it in, 0 when free.
    nonisolated(unsafe) static let flags: UnsafeMutablePointer<Atomic<Int>> = {
        let p = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
        for i in 0..<capacity { (p + i).initialize(to: Atomic(0)) }
        return p
    }()

    /// Records `path` as a temporary file in flight; returns its slot, or `nil` when it cannot
    /// be recorded (too long, or every slot taken).
    static func register(_ path: String) -> Int? {
        let bytes = path.utf8
        guard bytes.count < pathCapacity else { return nil }
        for slot in 0..<capacity {
            guard flags[slot].compareExchange(expected: 0, desired: 2, ordering: .acquiring).exchanged else { continue }
            let start = paths + slot * pathCapacity
            var i = 0
            for b in bytes { start[i] = CChar(bitPattern: b); i += 1 }
            start[i] = 0
            flags[slot].store(1, ordering: .releasing)
            return slot
        }
        return nil
    }

    /// Forgets a slot once its file has been renamed into place or removed.
    static func release(_ slot: Int?) {
        guard let slot else { return }
        flags[slot].store(0, ordering: .releasing)
    }

    /// The signal handler: unlinks every registered temporary file and exits with 128 + signal.
    /// Only atomic loads, unlink(2) and _exit(2) — all async-signal-safe.
    static let handler: @convention(c) (Int32) -> Void = { signal in
        for slot in 0..<_InFlightFiles.capacity where _InFlightFiles.flags[slot].load(ordering: .acquiring) == 1 {
            unlink(_InFlightFiles.paths + slot * _InFlightFiles.pathCapacity)
        }
        _exit(128 + signal)
    }
}

extension OutputFile {
    /// Installs handlers for SIGINT and SIGTERM that remove the temporary files in flight and
    /// exit with status 130 (SIGINT) or 143 (SIGTERM), so an interrupted command leaves every
    /// existing output as it was and no half-written file behind. Call once, early in `main`.
    ///
    /// A signal the parent set to be ignored (a background job of a non-interactive shell, or
    /// nohup) stays ignored. Both signals are unblocked: a process inherits its parent's signal
    /// mask, and a parent that spawns kexie from a thread with them blocked (as thread pools
    /// do) would otherwise leave them pending until kexie exits.
    public static func removeTemporaryFilesOnSignals() {
        // Allocate the registry now: the handler must never be the first to touch it.
        _ = _InFlightFiles.paths
        _ = _InFlightFiles.flags
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM] {
            var previous = sigaction()
            sigaction(signal, nil, &previous)
            #if canImport(Glibc)
            let previousHandler = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self)
            #else
            let previousHandler = unsafeBitCast(previous.__sigaction_u.__sa_handler, to: Int.self)
            #endif
            if previousHandler == 1 { continue }  // SIG_IGN
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = _InFlightFiles.handler
            #else
            action.__sigaction_u.__sa_handler = _InFlightFiles.handler
            #endif
            sigemptyset(&action.sa_mask)
            // Block the other signal while one is handled, so the two never run nested.
            sigaddset(&action.sa_mask, SIGINT)
            sigaddset(&action.sa_mask, SIGTERM)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
            sigaddset(&signals, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}
