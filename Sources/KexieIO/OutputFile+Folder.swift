import CFileSystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputFile {
    /// A folder of outputs replaced whole, so that it always holds one run's files: the files
    /// are written into a new hidden folder beside the target (`.NAME.kexie-RANDOM.tmp`), which
    /// `commit()` swaps with the target in one step (Linux's `renameat2(RENAME_EXCHANGE)`; two
    /// renames with signals held back elsewhere) and then removes the previous folder. A
    /// failure, a signal, or a folder dropped without `commit()` removes the new folder and
    /// leaves the old one as it was.
    ///
    /// The target's symlinks are followed (the folder they lead to is swapped); the new folder
    /// takes the old one's permissions, and each file the permissions of the file of the same
    /// name it replaces; new ones follow `OutputFile`'s rule for new files, by the folder's
    /// permissions. Processes inside the old folder (a shell whose working folder it is) keep
    /// the old one, now removed.
    public final class Folder {
        /// The folder as given, for messages.
        private let shownAs: String
        /// The real path of the folder replaced (symlinks followed).
        private let target: String
        private var staging: String
        private var slot: Int?
        /// The old folder's permissions, when there is one.
        private let existingMode: mode_t?
        /// The mode of new files and (with search bits) folders.
        private let newFileMode: mode_t
        private var done = false

        /// Starts replacing the folder at `path` (created, with its parents, when missing).
        public init(replacing path: String) throws(OutputError) {
            shownAs = path
            let given = _trimmingTrailingSlashes(path)
            var status = stat()
            if stat(given, &status) == 0 {
                guard _isFolder(status) else { throw OutputError(path: path, errno: ENOTDIR) }
                // The swap renames the folder itself: its real name, with `.` and symlinks resolved.
                guard let real = realpath(given, nil) else { throw OutputError(path: path, errno: errno) }
                target = String(cString: real)
                free(real)
                existingMode = status.st_mode & 0o7777
            } else {
                guard errno == ENOENT else { throw OutputError(path: path, errno: errno) }
                target = try _followLinks(given)
                existingMode = nil
                try OutputFile.makeFolder(_folder(of: target))
            }
            newFileMode = existingMode.map { $0 & mode_t(S_IXOTH) == 0 ? 0o600 : 0o644 } ?? _newFileMode(inFolder: _folder(of: target))
            // Private while it is filled when it replaces a folder (its mode is set at the swap);
            // a new folder gets its final mode, less the umask, at once.
            let mode: mode_t = existingMode != nil || newFileMode == 0o600 ? 0o700 : 0o755
            (staging, slot) = try Self.createStaging(beside: target, mode: mode, shownAs: path)
        }

        /// Creates the folder `relative` (one level, e.g. `figures`) in the new folder.
        public func makeFolder(_ relative: String) throws(OutputError) {
            var status = stat()
            let existing = lstat("\(target)/\(relative)", &status) == 0 && _isFolder(status) ? status.st_mode & 0o7777 : nil
            let path = "\(staging)/\(relative)"
            guard mkdir(path, newFileMode == 0o600 ? 0o700 : 0o755) == 0 else { throw OutputError(path: "\(shownAs)/\(relative)", errno: errno) }
            if let existing { chmod(path, existing) }
        }

        /// Writes the file `relative` (e.g. `figures/a.svg`) of the new folder.
        public func write(_ bytes: UnsafeBufferPointer<UInt8>, to relative: String) throws(OutputError) {
            var status = stat()
            let existing = lstat("\(target)/\(relative)", &status) == 0 && _isRegular(status) ? _ExistingFile(status) : nil
            let stream = try Stream(staged: "\(staging)/\(relative)", mode: newFileMode, existing: existing, shownAs: "\(shownAs)/\(relative)")
            stream.write(bytes)
            try stream.commit()
        }

        /// Swaps the new folder in and removes the old one, unless the old one holds an entry
        /// `disposable` does not accept (a file someone added meanwhile): then it is kept, and
        /// its hidden name returned so that the user can be told.
        public func commit(disposable: (String) -> Bool) throws(OutputError) -> String? {
            precondition(!done, "committed twice")
            done = true
            guard let existingMode else {
                defer { _InFlightFiles.release(slot) }
                guard rename(staging, target) == 0 else {
                    let code = errno
                    _removeTree(staging)
                    throw OutputError(path: shownAs, errno: code)
                }
                return nil
            }
            chmod(staging, existingMode)
            try swapIn()
            // `staging` now names the old folder, still registered: a signal removes it.
            defer { _InFlightFiles.release(slot) }
            guard Self.foreignEntries(in: staging, disposable: disposable).isEmpty else { return staging }
            _removeTree(staging)
            return nil
        }

        /// Exchanges the new folder with the old one; afterwards `staging` names the old one.
        private func swapIn() throws(OutputError) {
            if kexie_exchange(staging, target) == 0 { return }
            guard errno == EINVAL || errno == ENOSYS else {
                let code = errno
                _removeTree(staging)
                _InFlightFiles.release(slot)
                throw OutputError(path: shownAs, errno: code)
            }
            // No exchange here: move the old folder aside, then the new one in, with signals
            // held back so that kexie never stops between the two.
            let aside = _folder(of: target) + "/" + _temporaryName(for: _name(of: target))
            try _InFlightFiles.holdingSignals { () throws(OutputError) in
                guard rename(target, aside) == 0 else {
                    let code = errno
                    _removeTree(staging)
                    _InFlightFiles.release(slot)
                    throw OutputError(path: shownAs, errno: code)
                }
                guard rename(staging, target) == 0 else {
                    let code = errno
                    rename(aside, target)
                    _removeTree(staging)
                    _InFlightFiles.release(slot)
                    throw OutputError(path: shownAs, errno: code)
                }
                _InFlightFiles.release(slot)
                slot = _InFlightFiles.register(aside, kind: .folder)
                staging = aside
            }
        }

        /// Creates the new hidden folder beside `target`, registered for removal on a signal.
        private static func createStaging(beside target: String, mode: mode_t, shownAs: String) throws(OutputError) -> (String, Int?) {
            let parent = _folder(of: target)
            for _ in 0..<100 {
                let staging = (parent == "/" ? "/" : parent + "/") + _temporaryName(for: _name(of: target))
                let slot = _InFlightFiles.register(staging, kind: .folder)
                if mkdir(staging, mode) == 0 { return (staging, slot) }
                let code = errno
                _InFlightFiles.release(slot)
                if code != EEXIST { throw OutputError(path: shownAs, errno: code) }
            }
            throw OutputError(path: shownAs, errno: EEXIST)
        }

        /// The entries of the folder at `path` that `disposable` does not accept, as paths
        /// relative to it (a folder's with a trailing `/`; the entries of accepted folders are
        /// checked in turn, to two levels). Empty when the folder does not exist.
        public static func foreignEntries(in path: String, disposable: (String) -> Bool) -> [String] {
            var foreign: [String] = []
            for (name, isFolder) in _entries(of: path) {
                let relative = isFolder ? name + "/" : name
                guard disposable(relative) else { foreign.append(relative); continue }
                guard isFolder else { continue }
                for (inner, innerIsFolder) in _entries(of: "\(path)/\(name)") {
                    let innerRelative = "\(name)/\(inner)" + (innerIsFolder ? "/" : "")
                    if innerIsFolder || !disposable(innerRelative) { foreign.append(innerRelative) }
                }
            }
            return foreign
        }

        deinit {
            guard !done else { return }
            _removeTree(staging)
            _InFlightFiles.release(slot)
        }
    }
}

/// Removes the tree at `path` outside a signal handler (with buffers of its own).
@discardableResult
func _removeTree(_ path: String) -> Bool {
    let buffers = UnsafeMutableRawPointer.allocate(byteCount: _InFlightFiles.listingCapacity * _InFlightFiles.treeDepth, alignment: 8)
    defer { buffers.deallocate() }
    return _removeTree(path, buffers: buffers)
}

/// The names in the folder at `path` (without `.` and `..`) and whether each is a folder
/// (symlinks are not followed).
func _entries(of path: String) -> [(name: String, isFolder: Bool)] {
    guard let folder = opendir(path) else { return [] }
    defer { closedir(folder) }
    var entries: [(String, Bool)] = []
    while let entry = readdir(folder) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        var status = stat()
        entries.append((name, lstat("\(path)/\(name)", &status) == 0 && _isFolder(status)))
    }
    return entries
}
