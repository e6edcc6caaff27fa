import Foundation
import GRDB
import Her2SimCore
import Testing

@testable import Her2SimRecords

#if canImport(Glibc)
    import Glibc
#endif

/// Records and exports on hostile disks (issue 8), with the built binary: a read-only directory,
/// a disk that fills in the middle of a session, a records file from a newer her2sim. Each gets a
/// clear message and a non-zero exit, and what was committed before stays intact.
///
/// Root ignores file permissions, so as root the conditions are real file systems: a tiny or
/// read-only tmpfs mounted in a private mount namespace (`unshare -m`), which vanishes with the
/// test's shell. Without root, a read-only directory is `chmod 555` and a tiny tmpfs needs a user
/// namespace (`unshare -rm`). A test that cannot make its condition fails and says why.
@Suite("Hostile disks: read-only, full, newer schema (the built binary)")
struct HostileDiskTests {
    typealias Support = RecordsTestSupport

    static let binary = Support.product("her2sim")
    static let root = Support.repositoryRoot
    static let isRoot = getuid() == 0

    // MARK: - Harness

    /// Whether `unshare` can make a mount namespace here (`-m` as root, `-rm` otherwise), or why not.
    static let namespace: Result<String, NamespaceUnavailable> = {
        let flags = isRoot ? "-m" : "-rm"
        do {
            let probe = try Support.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "unshare", flags, "sh", "-c", "mkdir -p \"$1\" && mount -t tmpfs -o size=64k tmpfs \"$1\"", "sh",
                    Support.scratchDirectory("probe").appendingPathComponent("mnt").path,
                ])
            if probe.status == 0 { return .success(flags) }
            return .failure(
                NamespaceUnavailable(
                    reason:
                        "'unshare \(flags)' with a tmpfs mount failed (status \(probe.status)): \(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
                ))
        } catch {
            return .failure(NamespaceUnavailable(reason: "cannot run unshare: \(error)"))
        }
    }()

    struct NamespaceUnavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// A scratch directory with `disk/` (where the condition is made) and room for what the
    /// shell copies out before its mounts vanish.
    struct Scene {
        let scratch = Support.scratchDirectory("hostile-disk")
        var disk: URL { scratch.appendingPathComponent("disk") }
        var database: URL { disk.appendingPathComponent("records.sqlite") }

        init() throws {
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        }

        func file(_ name: String) -> String {
            (try? String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)) ?? "<\(name) missing>"
        }

        func status(_ name: String) -> Int32? {
            Int32(file(name + ".status").trimmingCharacters(in: .whitespacesAndNewlines))
        }

        /// Runs `script` with sh; `$BIN`, `$SCORING`, `$CASES`, `$DISK`, `$DB` and `$OUT` (the
        /// scratch directory) are set. `inNamespace` runs it under unshare.
        func run(_ script: String, inNamespace: Bool) throws -> Support.Output {
            let binary = try #require(HostileDiskTests.binary, "the her2sim binary is not beside the test bundle")
            let environment = [
                "BIN": binary.path, "SCORING": HostileDiskTests.root.appendingPathComponent("Scoring").path,
                "CASES": HostileDiskTests.root.appendingPathComponent("Cases").path,
                "DISK": disk.path, "DB": database.path, "OUT": scratch.path,
                "HER2SIM_LEARNER": "", "XDG_DATA_HOME": scratch.appendingPathComponent("xdg").path,
            ]
            let prelude = """
                play() { "$BIN" play hb-401 --seed 1 --learner ana --db "$DB" --scoring "$SCORING" --cases "$CASES" "$@"; }
                report() { "$BIN" report --db "$DB" --format csv --scoring "$SCORING" --cases "$CASES"; }
                # step NAME COMMAND…: the command's output, errors and status in $OUT/NAME.*
                step() { name=$1; shift; "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.status"; }

                """
            if inNamespace {
                let flags = try HostileDiskTests.namespace.get()
                return try Support.run(
                    URL(fileURLWithPath: "/usr/bin/env"), ["unshare", flags, "sh", "-c", prelude + script],
                    environment: environment)
            }
            return try Support.run(URL(fileURLWithPath: "/bin/sh"), ["-c", prelude + script], environment: environment)
        }
    }

    /// The decisions of a `report --format csv`: "turn choice" per row.
    static func decisions(_ csv: String) -> [String] {
        csv.split(whereSeparator: \.isNewline).dropFirst().map { row in
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > 10 ? "t\(fields[8]) \(fields[10])" : String(row)
        }
    }

    // MARK: - Read-only

    @Test(
        "play with --db in a read-only directory: exit 1, the file named, nothing created or changed; report still reads it"
    )
    func playOnReadOnlyDirectory() throws {
        let scene = try Scene()
        // Root: the whole file system is remounted read-only. Otherwise: chmod.
        let (setUp, readOnly) =
            Self.isRoot
            ? (#"mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 90"#, #"mount -o remount,ro "$DISK""#)
            : (":", #"chmod 444 "$DB"; chmod 555 "$DISK/new" "$DISK""#)
        let shell = try scene.run(
            """
            \(setUp)
            mkdir "$DISK/new"
            echo "choose tdm1" | play > /dev/null       # a records file with one decision
            \(readOnly)
            cp "$DB" "$OUT/before.sqlite"
            # A new records file in a read-only directory.
            echo "choose tdm1" | step new "$BIN" play hb-401 --seed 1 --db "$DISK/new/records.sqlite" --scoring "$SCORING" --cases "$CASES"
            ls -A "$DISK/new" > "$OUT/new.ls"
            # The existing one.
            echo "choose tdxd" | step existing play
            # Reading needs no writing: report reads a copy.
            step report report
            cmp "$DB" "$OUT/before.sqlite" > "$OUT/cmp.out" 2>&1; echo $? > "$OUT/cmp.status"
            ls -A "$DISK" > "$OUT/existing.ls"
            chmod 755 "$DISK" "$DISK/new" 2>/dev/null
            exit 0
            """, inNamespace: Self.isRoot)
        try #require(shell.status == 0, "could not set up a read-only directory: \(shell.stderr)")

        let newDatabase = scene.disk.appendingPathComponent("new/records.sqlite").path
        #expect(scene.status("new") == 1)
        #expect(
            scene.file("new.err")
                == "\(newDatabase): error: cannot write the records database: the file or its directory is read-only\n")
        #expect(scene.file("new.out").isEmpty, "the REPL must not start: \(scene.file("new.out"))")
        #expect(scene.file("new.ls").isEmpty, "nothing is created: \(scene.file("new.ls"))")

        #expect(scene.status("existing") == 1)
        #expect(
            scene.file("existing.err")
                == "\(scene.database.path): error: cannot write the records database: the file or its directory is read-only\n"
        )
        #expect(!scene.file("existing.out").contains("You chose"), "no decision is taken that cannot be kept")
        #expect(scene.status("report") == 0, "\(scene.file("report.err"))")
        #expect(scene.file("report.err") == "note: \(scene.database.path) is read-only; reporting from a copy of it\n")
        #expect(Self.decisions(scene.file("report.out")) == ["t1 tdm1"])
        #expect(scene.status("cmp") == 0, "the records file changed: \(scene.file("cmp.out"))")
        #expect(
            scene.file("existing.ls") == "new\nrecords.sqlite\n",
            "no journal or WAL left behind: \(scene.file("existing.ls"))")
    }

    @Test("export into a read-only directory: exit 1, a clear message, the old file kept, nothing added")
    func exportIntoReadOnlyDirectory() throws {
        let scene = try Scene()
        let setUp = Self.isRoot ? #"mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 90"# : ":"
        let readOnly = Self.isRoot ? #"mount -o remount,ro "$DISK""# : #"chmod 555 "$DISK""#
        let shell = try scene.run(
            """
            \(setUp)
            echo old > "$DISK/quiz.zip"
            \(readOnly)
            step export "$BIN" export --format qti21 --out "$DISK/quiz.zip" --scoring "$SCORING" --cases "$CASES"
            ls -A "$DISK" > "$OUT/export.ls"
            cat "$DISK/quiz.zip" > "$OUT/export.kept"
            chmod 755 "$DISK" 2>/dev/null
            exit 0
            """, inNamespace: Self.isRoot)
        try #require(shell.status == 0, "could not set up a read-only directory: \(shell.stderr)")
        let why = Self.isRoot ? "the file system is read-only" : "permission denied"
        #expect(scene.status("export") == 1)
        #expect(
            scene.file("export.err")
                == "error: cannot write '\(scene.disk.path)/quiz.zip': the directory '\(scene.disk.path)' is not writable (\(why))\n"
        )
        #expect(scene.file("export.out").isEmpty)
        #expect(scene.file("export.ls") == "quiz.zip\n")
        #expect(scene.file("export.kept") == "old\n")
    }

    // MARK: - Full

    /// Plays hb-401 through a FIFO so the disk can fill between two decisions: `steps` are shell
    /// lines run in order, where `choose REGIMEN` makes a decision and waits until it is shown.
    static func session(_ steps: String) -> String {
        """
        mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 90
        mkfifo "$OUT/fifo"
        play < "$OUT/fifo" > "$OUT/play.out" 2> "$OUT/play.err" &
        pid=$!
        exec 3> "$OUT/fifo"
        # choose REGIMEN: sends the choice and waits (up to 20 s) until it is shown — which is after
        # its save was attempted.
        shown=0
        choose() {
            echo "choose $1" >&3
            shown=$((shown + 1))
            tries=0
            while [ "$(grep -c '^You chose' "$OUT/play.out")" -lt $shown ] && [ $tries -lt 400 ]; do sleep 0.05; tries=$((tries + 1)); done
        }
        fill() { dd if=/dev/zero of="$DISK/fill" bs=4k 2>/dev/null; sync; }
        \(steps)
        exec 3>&-
        wait $pid; echo $? > "$OUT/play.status"
        step report report
        exit 0
        """
    }

    @Test("the disk fills mid-session: a warning per unsaved decision, exit 1, earlier decisions kept and reported")
    func diskFillsMidSession() throws {
        let scene = try Scene()
        let shell = try scene.run(
            Self.session(
                """
                choose tdm1
                fill
                choose tdxd
                step reportWhileFull report
                """), inNamespace: true)
        try #require(shell.status == 0, "could not mount a tiny tmpfs: \(shell.stderr)")
        let warning =
            "warning: not saved to \(scene.database.path): the disk is full. What was saved before is kept; her2sim saves this step with your next one if it can."
        let out = scene.file("play.out")
        #expect(out.components(separatedBy: warning).count == 2, "one warning, for the second decision:\n\(out)")
        #expect(out.components(separatedBy: "You chose").count == 3, "the session goes on")
        #expect(scene.status("play") == 1)
        #expect(
            scene.file("play.err")
                == "error: some of this run's decisions were not saved to \(scene.database.path) (the disk is full); the ones saved before that are kept — 'her2sim report' lists them\n"
        )
        // The disk is still full: report reads what was committed.
        #expect(scene.status("reportWhileFull") == 0, "\(scene.file("reportWhileFull.err"))")
        #expect(Self.decisions(scene.file("reportWhileFull.out")) == ["t1 tdm1"])
        #expect(Self.decisions(scene.file("report.out")) == ["t1 tdm1"], "after the run, too")
    }

    @Test("when space comes back, the next decision saves the missed one too; exit 0")
    func diskFullThenFreed() throws {
        let scene = try Scene()
        let shell = try scene.run(
            Self.session(
                """
                choose tdm1
                fill
                choose tdxd
                rm "$DISK/fill"
                choose trastuzumab-vinorelbine
                """), inNamespace: true)
        try #require(shell.status == 0, "could not mount a tiny tmpfs: \(shell.stderr)")
        let out = scene.file("play.out")
        #expect(out.components(separatedBy: "warning: not saved").count == 2, "\(out)")
        #expect(out.contains("The case is over"))
        #expect(scene.status("play") == 0, "\(scene.file("play.err"))")
        #expect(scene.file("play.err").isEmpty)
        #expect(Self.decisions(scene.file("report.out")) == ["t1 tdm1", "t2 tdxd", "t3 trastuzumab-vinorelbine"])
        #expect(scene.file("report.out").contains(",true,"), "the session is recorded as finished")
    }

    @Test("export onto a full disk: exit 1, the disk named full, no partial or temporary file, the old file kept")
    func exportOntoFullDisk() throws {
        let scene = try Scene()
        let export =
            #"step export "$BIN" export --format html --out "$DISK/handout.html" --scoring "$SCORING" --cases "$CASES""#
        let listing = #"ls -A "$DISK" > "$OUT/export.ls"; cat "$DISK/handout.html" > "$OUT/export.kept""#
        let why: String
        let shell: Support.Output
        switch Self.namespace {
        case .success:
            why = "the disk is full (no space left on device)"
            shell = try scene.run(
                """
                mount -t tmpfs -o size=64k tmpfs "$DISK" || exit 90
                echo old > "$DISK/handout.html"
                \(export)
                \(listing)
                """, inNamespace: true)
        case .failure(let unavailable):
            // No namespace for a tiny file system: a file size limit (16 blocks) fails the write the same way.
            print("note: no tiny tmpfs (\(unavailable.reason)); testing a file-size limit (RLIMIT_FSIZE) instead")
            why = "the file is larger than this process may write"
            shell = try scene.run(
                """
                echo old > "$DISK/handout.html"
                (trap '' XFSZ; ulimit -f 16; \(export))
                \(listing)
                """, inNamespace: false)
        }
        try #require(shell.status == 0, "could not set up a full disk: \(shell.stderr)")
        #expect(scene.status("export") == 1)
        #expect(
            scene.file("export.err")
                == "error: cannot write '\(scene.disk.path)/handout.html': \(why); nothing was written ('handout.html' is unchanged)\n"
        )
        #expect(scene.file("export.ls") == "handout.html\n", "no temporary file is left")
        #expect(scene.file("export.kept") == "old\n")
    }

    // MARK: - A newer her2sim's records

    @Test("a records file from a newer her2sim: play, resume and report exit 1 naming it, and leave it byte-identical")
    func newerSchemaThroughTheCLI() throws {
        let scene = try Scene()
        do {
            let store = try RecordStore(url: scene.database)
            try store.startSession(caseID: "hb-401", seed: 1, learner: "ana", at: Support.march1)
            try store.close()
            let queue = try DatabaseQueue(path: scene.database.path)
            try queue.writeWithoutTransaction { db in
                try db.execute(
                    sql: "PRAGMA user_version = \(RecordStore.schemaVersion + 1); PRAGMA journal_mode = DELETE")
            }
            try queue.close()
        }
        let before = try Data(contentsOf: scene.database)
        let shell = try scene.run(
            """
            echo "choose tdm1" | step play play
            step resume "$BIN" resume --learner ana --db "$DB" --scoring "$SCORING" --cases "$CASES"
            step report report
            ls -A "$DISK" > "$OUT/disk.ls"
            """, inNamespace: false)
        #expect(shell.status == 0, "\(shell.stderr)")
        let message =
            "\(scene.database.path): error: written by a newer her2sim (records schema \(RecordStore.schemaVersion + 1); this her2sim reads up to \(RecordStore.schemaVersion)); her2sim left it untouched — update her2sim, or pass --db PATH to use another file\n"
        for command in ["play", "resume", "report"] {
            #expect(scene.status(command) == 1, "\(command)")
            #expect(scene.file(command + ".err") == message, "\(command): \(scene.file(command + ".err"))")
            #expect(!scene.file(command + ".out").contains("You chose"), "\(command)")
        }
        #expect(try Data(contentsOf: scene.database) == before)
        #expect(scene.file("disk.ls") == "records.sqlite\n", "no WAL or journal is created")
    }

    // MARK: - A file another her2sim is creating

    /// GRDB creates its (empty) migrations table before the transaction that creates the schema,
    /// so a second her2sim opening the file in between saw "an SQLite database that is not
    /// her2sim's records (its tables: grdb_migrations)" — the racing-creation test's flake.
    @Test(
        "a file caught mid-creation (an empty grdb_migrations table only) is opened; one with another program's migrations is not"
    )
    func fileCaughtMidCreation() throws {
        let url = Support.scratchDatabase()
        do {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            }
            try queue.close()
        }
        let store = try RecordStore(url: url)
        try store.startSession(caseID: "hb-401", seed: 1, learner: nil, at: Support.march1)
        #expect(try store.sessions().count == 1)
        try store.close()

        let other = Support.scratchDatabase("other")
        do {
            let queue = try DatabaseQueue(path: other.path)
            try queue.write { db in
                try db.execute(
                    sql:
                        "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('createInvoices')"
                )
            }
            try queue.close()
        }
        #expect(throws: RecordsError.foreignDatabase(path: other.path, tables: ["grdb_migrations"])) {
            try RecordStore(url: other)
        }
    }

    // MARK: - The recorder after a failed start

    /// A new session whose start cannot be stored (the disk is full) must not have its later
    /// events stored into the previous session: once there is room, it is stored whole, as its own.
    @Test("after a start that failed to save, the new session is stored on its own once there is room")
    func failedStartDoesNotJoinThePreviousSession() throws {
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url, options: .init(maximumPageCount: 40))
        let recorder = SessionRecorder(store: store, now: { Support.march1 })
        let script = Support.script("hb-401")

        var first = Session(script: script, seed: 1, learner: "ana", context: Support.context)
        try recorder.record(first, first.log[0])
        _ = first.choose("tdm1")
        try recorder.record(first, first.log.last!)
        let firstID = try #require(recorder.current)
        let firstLog = try store.events(of: firstID)

        // Fill the file to its page limit with padding sessions, then restart the case.
        var padding = 0
        do {
            while true {
                try store.startSession(caseID: "padding", seed: UInt64(padding), learner: nil, at: Support.march1)
                padding += 1
            }
        } catch {
            #expect(error == .diskFull(path: url.path))
        }
        #expect(padding > 0)
        var second = Session(script: script, seed: 1, learner: "ana", context: Support.context)
        #expect(throws: RecordsError.diskFull(path: url.path)) { try recorder.record(second, second.log[0]) }

        // Room again; the restarted session chooses differently.
        try store.writing { db in
            try db.execute(
                sql: "DELETE FROM events WHERE session_id IN (SELECT id FROM sessions WHERE case_id = 'padding')")
            try db.execute(sql: "DELETE FROM sessions WHERE case_id = 'padding'")
        }
        _ = second.choose("tdxd")
        try recorder.record(second, second.log.last!)

        let secondID = try #require(recorder.current)
        #expect(secondID != firstID)
        #expect(try store.events(of: firstID) == firstLog, "the first session is unchanged")
        #expect(try store.events(of: secondID) == second.log)
        try store.close()
    }
}
