import CFileSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files and folders `OutputFile` has open, so that SIGINT and SIGTERM can
/// remove them.
///
/// A signal handler may only call async-signal-safe functions and must not allocate, take
/// locks or touch reference counts. So the registry is fixed C storage allocated once, before
/// the handlers are installed: `capacity` slots of `pathCapacity` bytes each (a NUL-terminated
/// path) and one atomic flag per slot. Registering copies the path into a free slot and then
/// sets its flag with release ordering; the handler reads each flag with acquire ordering and
/// calls unlink(2) on the files, or empties and removes the folders (`_removeTree`, with a
/// buffer allocated beforehand), whose flag is set, then `_exit(128 + signal)`. A temporary
/// whose path does not fit, or that finds every slot taken, is written all the same but is not
/// removed on a signal (kexie writes at most a few files at a time, one after another).
///
/// A signal that arrives after a rename but before the slot is released unlinks a name that no
/// longer exists, which is harmless: the complete file is already in place. While a batch of
/// files is renamed into place (`holdingSignals`), a signal is only noted, and acted on after.
enum _InFlightFiles {
    static let capacity = 16
    static let pathCapacity = 4096
    /// Bytes of the buffer for listing one folder level while removing a tree on a signal.
    static let listingCapacity = 8192
    /// The deepest folder level `_removeTree` descends to (a report's is 2: figures/).
    static let treeDepth = 8

    enum Kind: Int { case file = 1, folder = 3 }

    /// `capacity × pathCapacity` bytes of paths.
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathCapacity)
        p.initialize(repeating: 0, count: capacity * pathCapacity)
        return p
    }()

    /// `Kind.rawValue` when the slot's path is a temporary being written, 2 while a
    /// registration fills it in, 0 when free.
    nonisolated(unsafe) static let flags: UnsafeMutablePointer<Atomic<Int>> = {
        let p = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
        for i in 0..<capacity { (p + i).initialize(to: Atomic(0)) }
        return p
    }()

    /// The handler's buffers for listing folders, one per level.
    nonisolated(unsafe) static let listing: UnsafeMutableRawPointer =
        UnsafeMutableRawPointer.allocate(byteCount: listingCapacity * treeDepth, alignment: 8)

    /// 0 normally; 1 while signals are held back; `signal << 8 | 2` once one was held back.
    static let held = Atomic<Int>(0)

    /// Records `path` as a temporary in flight; returns its slot, or `nil` when it cannot be
    /// recorded (too long, or every slot taken).
    static func register(_ path: String, kind: Kind) -> Int? {
        let bytes = path.utf8
        guard bytes.count < pathCapacity else { return nil }
        for slot in 0..<capacity {
            guard flags[slot].compareExchange(expected: 0, desired: 2, ordering: .acquiring).exchanged else { continue }
            let start = paths + slot * pathCapacity
            var i = 0
            for b in bytes { start[i] = CChar(bitPattern: b); i += 1 }
            start[i] = 0
            flags[slot].store(kind.rawValue, ordering: .releasing)
            return slot
        }
        return nil
    }

    /// Forgets a slot once its file has been renamed into place or removed.
    static func release(_ slot: Int?) {
        guard let slot else { return }
        flags[slot].store(0, ordering: .releasing)
    }

    /// Runs `body` with SIGINT and SIGTERM noted instead of acted on, then acts on one that
    /// came meanwhile (removing what is still registered and exiting). Held across threads: a
    /// signal delivered to any thread is noted.
    static func holdingSignals<T>(_ body: () throws(OutputError) -> T) throws(OutputError) -> T {
        held.store(1, ordering: .sequentiallyConsistent)
        defer {
            let state = held.exchange(0, ordering: .sequentiallyConsistent)
            if state & 0xFF == 2 { handler(Int32(state >> 8)) }
        }
        return try body()
    }

    /// The signal handler: unless signals are held back, unlinks every registered temporary
    /// file, empties and removes every registered folder, and exits with 128 + signal. Only
    /// atomics, open, getdents64, unlinkat, close, rmdir and _exit — all async-signal-safe.
    static let handler: @convention(c) (Int32) -> Void = { signal in
        // Held back: note the first signal (a second one adds nothing) and return.
        var state = _InFlightFiles.held.load(ordering: .sequentiallyConsistent)
        while state != 0 {
            if state & 0xFF == 2 { return }
            let attempt = _InFlightFiles.held.compareExchange(expected: 1, desired: Int(signal) << 8 | 2, ordering: .sequentiallyConsistent)
            if attempt.exchanged { return }
            state = attempt.original
        }
        for slot in 0..<_InFlightFiles.capacity {
            let path = _InFlightFiles.paths + slot * _InFlightFiles.pathCapacity
            switch _InFlightFiles.flags[slot].load(ordering: .acquiring) {
            case Kind.file.rawValue: unlink(path)
            case Kind.folder.rawValue: _removeTree(path, buffers: _InFlightFiles.listing)
            default: break
            }
        }
        _exit(128 + signal)
    }
}

/// Removes the folder at `path` and everything in it (down to `_InFlightFiles.treeDepth`
/// levels; symlinks are removed, never followed). Usable in a signal handler: no allocation,
/// `buffers` holds `treeDepth` listings of `listingCapacity` bytes. Returns whether the folder
/// is gone. On systems without getdents64 only an empty folder is removed.
/// - Complexity: O(entries) system calls (a level is listed again after removals).
@discardableResult
func _removeTree(_ path: UnsafePointer<CChar>, buffers: UnsafeMutableRawPointer) -> Bool {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    if fd >= 0 {
        _emptyFolder(fd, depth: 0, buffers: buffers)
        close(fd)
    }
    return rmdir(path) == 0 || errno == ENOENT
}

/// Removes every entry of the open folder `fd`; folders are emptied first, to `treeDepth`.
private func _emptyFolder(_ fd: Int32, depth: Int, buffers: UnsafeMutableRawPointer) {
    let buffer = buffers + depth * _InFlightFiles.listingCapacity
    // Removing entries while listing may skip some on some filesystems: list again until a
    // pass removes nothing (each pass removes at least one entry, so this ends).
    var removed = true
    while removed {
        removed = false
        lseek(fd, 0, SEEK_SET)
        while true {
            let count = kexie_read_entries(fd, buffer, _InFlightFiles.listingCapacity)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt16.self))
                let type = buffer.load(fromByteOffset: offset + 18, as: UInt8.self)
                let name = (buffer + offset + 19).assumingMemoryBound(to: CChar.self)
                offset += length
                if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { continue }  // . and ..
                if unlinkat(fd, name, 0) == 0 { removed = true; continue }
                guard type == 4 /* DT_DIR */ || errno == EISDIR, depth + 1 < _InFlightFiles.treeDepth else { continue }
                let inner = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard inner >= 0 else { continue }
                _emptyFolder(inner, depth: depth + 1, buffers: buffers)
                close(inner)
                if unlinkat(fd, name, AT_REMOVEDIR) == 0 { removed = true }
            }
        }
    }
}

extension OutputFile {
    /// Installs handlers for SIGINT and SIGTERM that remove the temporary files and folders in
    /// flight and exit with status 130 (SIGINT) or 143 (SIGTERM), so an interrupted command
    /// leaves every existing output as it was and nothing half-written behind; and ignores
    /// SIGXFSZ, so that a write past the file size limit (`ulimit -f`) fails with EFBIG, which
    /// is reported and cleaned up like any failed write, instead of killing kexie with the
    /// temporary file left behind. Call once, early in `main`.
    ///
    /// A signal the parent set to be ignored (a background job of a non-interactive shell, or
    /// nohup) stays ignored. Both signals are unblocked: a process inherits its parent's signal
    /// mask, and a parent that spawns kexie from a thread with them blocked (as thread pools
    /// do) would otherwise leave them pending until kexie exits.
    public static func removeTemporaryFilesOnSignals() {
        // Allocate the registry now: the handler must never be the first to touch it.
        _ = _InFlightFiles.paths
        _ = _InFlightFiles.flags
        _ = _InFlightFiles.listing
        signal(SIGXFSZ, SIG_IGN)
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
