#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What writing an output at a path means, decided once before anything is written (the rules
/// are `OutputFile`'s).
enum _OutputTarget {
    /// An existing file that is neither a regular file nor a folder (a device, a FIFO, the pipe
    /// behind `/dev/stdout`): opened and written in place, never renamed over.
    case inPlace(String)
    /// An existing regular file, at the end of any symlinks: replaced through a temporary file
    /// in its folder that takes over its permissions, owner and group.
    case replace(String, _ExistingFile)
    /// No file yet: created through a temporary file in the folder with `mode` (less the umask).
    case create(String, mode: mode_t)

    /// The target of an output to `path`.
    /// - Complexity: one `stat` per symlink followed (at most 40).
    static func resolve(_ path: String) throws(OutputError) -> _OutputTarget {
        var status = stat()
        // Following every link, as open(2) would: a device or FIFO at the end (also through
        // /proc/self/fd, whose links name no path) is written where it is.
        if stat(path, &status) == 0, !_isRegular(status) {
            if _isFolder(status) { throw OutputError(path: path, errno: EISDIR) }
            return .inPlace(path)
        }
        let final = try _followLinks(path)
        if lstat(final, &status) == 0 {
            if _isRegular(status) { return .replace(final, _ExistingFile(status)) }
            if _isFolder(status) { throw OutputError(path: path, errno: EISDIR) }
            return .inPlace(final)
        }
        guard errno == ENOENT else { throw OutputError(path: path, errno: errno) }
        return .create(final, mode: _newFileMode(inFolder: _folder(of: final)))
    }
}

/// The permissions and owners of a file an output replaces, given to its replacement.
struct _ExistingFile {
    var mode: mode_t
    var owner: uid_t
    var group: gid_t

    init(_ status: stat) {
        mode = status.st_mode & 0o7777 & ~mode_t(S_ISUID | S_ISGID)
        owner = status.st_uid
        group = status.st_gid
    }

    /// Gives the open file `fd` these owners (where the system allows: a user may only pick
    /// among their own groups, root may pick anyone) and then this mode, which chown may have
    /// narrowed.
    func apply(to fd: Int32) {
        if owner != geteuid() || group != getegid() { _ = fchown(fd, owner, group) }
        _ = fchmod(fd, mode)
    }
}

/// The mode of a new output in `folder`: 0644, or 0600 when others may not enter the folder
/// (no search permission for others), so that a private folder's files stay private.
func _newFileMode(inFolder folder: String) -> mode_t {
    var status = stat()
    guard stat(folder, &status) == 0 else { return 0o644 }
    return status.st_mode & mode_t(S_IXOTH) == 0 ? 0o600 : 0o644
}

/// The path that `path` leads to through symlinks of its last component: the first path that
/// is not a symlink (it may not exist). Relative links are resolved against their folder.
/// Refuses (EACCES) a symlink in a sticky world-writable folder that belongs neither to this
/// user nor to the folder's owner, as the kernel's `protected_symlinks` does for open(2).
/// - Complexity: at most 40 links, as the kernel's limit (ELOOP beyond).
func _followLinks(_ path: String) throws(OutputError) -> String {
    var current = path
    for _ in 0...40 {
        var link = stat()
        guard lstat(current, &link) == 0 else {
            if errno == ENOENT { return current }
            throw OutputError(path: path, errno: errno)
        }
        guard link.st_mode & S_IFMT == S_IFLNK else { return current }
        let folder = _folder(of: current)
        var holder = stat()
        if stat(folder, &holder) == 0, holder.st_mode & mode_t(S_ISVTX) != 0, holder.st_mode & mode_t(S_IWOTH) != 0,
           link.st_uid != geteuid(), link.st_uid != holder.st_uid {
            throw OutputError(path: path, errno: EACCES, reason: "\(current) is a symlink another user owns in a shared folder; kexie does not follow it")
        }
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(current, &target, Int(PATH_MAX))
        guard count >= 0 else { throw OutputError(path: path, errno: errno) }
        let text = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        current = text.hasPrefix("/") ? text : (folder == "/" ? "/" : folder + "/") + text
    }
    throw OutputError(path: path, errno: ELOOP)
}

/// The folder holding `path`: `.` for a bare name, `/` for a name at the root.
func _folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
}

/// The last component of `path`.
func _name(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
}

/// `path` without trailing slashes (`out/` → `out`; `/` stays).
func _trimmingTrailingSlashes(_ path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}

func _isRegular(_ status: stat) -> Bool { status.st_mode & S_IFMT == S_IFREG }
func _isFolder(_ status: stat) -> Bool { status.st_mode & S_IFMT == S_IFDIR }

/// An unpredictable hidden name beside `name` for a temporary file or folder:
/// `.NAME.kexie-RANDOM.tmp`, with NAME cut to 64 bytes so that the whole stays well under
/// the 255 bytes a file name may have, and 12 random letters and digits (62 bits).
func _temporaryName(for name: String) -> String {
    var prefix = ""
    var bytes = 0
    for scalar in name.unicodeScalars {
        bytes += String(scalar).utf8.count
        if bytes > 64 { break }
        prefix.unicodeScalars.append(scalar)
    }
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    var generator = SystemRandomNumberGenerator()
    let random = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
    return ".\(prefix).kexie-\(String(decoding: random, as: UTF8.self)).tmp"
}

/// Creates a new temporary file for `name` in `folder` with `O_EXCL|O_NOFOLLOW` (trying
/// another random name when one exists), registered for removal on a signal. Returns its path,
/// descriptor and registry slot; `path` names the output in errors.
/// - Complexity: one open(2), more only when a random name is taken.
func _createTemporaryFile(in folder: String, for name: String, mode: mode_t, path: String) throws(OutputError) -> (path: String, fd: Int32, slot: Int?) {
    for _ in 0..<100 {
        let temporary = (folder == "/" ? "/" : folder + "/") + _temporaryName(for: name)
        // Registered before it exists: a signal in between unlinks a name that is not there yet.
        let slot = _InFlightFiles.register(temporary, kind: .file)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if fd >= 0 { return (temporary, fd, slot) }
        let code = errno
        _InFlightFiles.release(slot)
        if code != EEXIST { throw OutputError(path: path, errno: code) }
    }
    throw OutputError(path: path, errno: EEXIST)
}
