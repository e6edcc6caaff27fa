import Foundation
import GRDB
import Her2SimCore
import Testing

@testable import Her2SimRecords

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 16, "Records you can trust": each reproduction of the red-team report, on real files —
/// a hard link, a damaged page, a stale write-ahead log, a lock held by another program, two
/// players on one session, hostile learner names.
@Suite("Records you can trust (issue 16)", .serialized)
struct TrustTests {
    typealias Support = RecordsTestSupport

    static let binary = Support.product("her2sim")

    /// A records file with `sessions` sessions of a few decisions each, closed (checkpointed).
    static func database(_ name: String = #function, sessions: Int = 3, learner: String = "ana") throws -> URL {
        let url = Support.scratchDatabase(name)
        let store = try RecordStore(url: url)
        for index in 0..<sessions {
            let session = Support.play(Support.script("hb-401"), seed: UInt64(index + 1), learner: learner) {
                ranking, _ in
                ranking.first.regimen
            }
            try store.insertSession(log: session.log, at: Support.march1)
        }
        try store.close()
        // Everything into the file itself, the -wal gone (a pool's read-only connection may
        // close last and leave it): tests damage and measure the file.
        let queue = try DatabaseQueue(path: url.path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        try? FileManager.default.removeItem(atPath: url.path + "-wal")
        try? FileManager.default.removeItem(atPath: url.path + "-shm")
        return url
    }

    /// Reads `descriptor` until `text` appears (or `timeout`); EINTR is retried (FileHandle's
    /// `availableData` traps on it).
    static func read(_ handle: FileHandle, until text: String, timeout: Duration = .seconds(30)) -> String {
        var seen = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + timeout
        while !String(decoding: seen, as: UTF8.self).contains(text), ContinuousClock.now < deadline {
            var poll = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 200) > 0 else { continue }
            let count = Glibc.read(handle.fileDescriptor, &buffer, buffer.count)
            if count > 0 { seen.append(contentsOf: buffer[..<count]) } else if count == 0 { break }
        }
        return String(decoding: seen, as: UTF8.self)
    }

    static func her2sim(_ arguments: [String], environment: [String: String] = [:]) throws -> Support.Output {
        let binary = try #require(binary, "the her2sim binary is not beside the test bundle")
        return try Support.run(
            binary, arguments,
            environment: [
                "HER2SIM_SCORING": Support.repositoryRoot.appendingPathComponent("Scoring").path,
                "HER2SIM_CASES": Support.repositoryRoot.appendingPathComponent("Cases").path,
                "HER2SIM_LEARNER": "",
            ].merging(environment) { $1 },
            directory: Support.repositoryRoot)
    }

    static func script(_ text: String, _ name: String = #function) throws -> String {
        let url = Support.scratchDirectory(name).appendingPathComponent("script.txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func error(_ body: () throws -> Void) -> RecordsError? {
        do {
            try body()
            return nil
        } catch {
            return error as? RecordsError ?? .invalidEvent("not a RecordsError: \(error)")
        }
    }

    static func sha(_ url: URL) -> Data? { try? Data(contentsOf: url) }

    // MARK: - 1. Hard links

    @Test("a database with two names (a hard link) is refused, through either name, with the way out")
    func hardLink() throws {
        let a = try Self.database()
        let b = a.deletingLastPathComponent().appendingPathComponent("b.sqlite")
        #expect(link(a.path, b.path) == 0)
        let refused = Self.error { _ = try RecordStore(url: b) }
        #expect(refused == .hardLinked(path: b.path, links: 2))
        #expect(refused?.description.contains("cp \(b.path) NEW.sqlite") == true)
        let before = Self.sha(a)
        #expect(!FileManager.default.fileExists(atPath: a.path + "-wal"))
        let played = try Self.her2sim([
            "play", "hb-401", "--seed", "3", "--db", a.path,
            "--script", try Self.script("choose tdm1\nquit\n"),
        ])
        #expect(played.status == 1)
        #expect(played.stderr.contains("2 names (hard links)"), "\(played.stderr)")
        #expect(Self.sha(a) == before)
        #expect(!FileManager.default.fileExists(atPath: a.path + "-wal"))
    }

    // MARK: - 2. Damage

    /// Overwrites page `page` (1-based) of `url` with a pattern.
    static func damage(_ url: URL, page: Int) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: UInt64((page - 1) * 4096))
        handle.write(Data(repeating: 0xA5, count: 4096))
        try handle.close()
    }

    @Test("a damaged page: every command refuses to write, the file stays as it was, the advice tells how to restore")
    func damagedPage() throws {
        let url = try Self.database(sessions: 40)
        let pages = DatabaseFile.size(url.path) / 4096
        #expect(pages > 4)
        try Self.damage(url, page: pages / 2)
        let before = Self.sha(url)
        let played = try Self.her2sim([
            "play", "hb-401", "--seed", "3", "--db", url.path,
            "--script", try Self.script("choose tdm1\nquit\n"),
        ])
        #expect(played.status == 1, "play wrote into a damaged file: \(played.stdout)")
        #expect(played.stderr.contains("damaged"), "\(played.stderr)")
        #expect(played.stderr.contains("-wal and"), "the restore advice names the -wal and -shm: \(played.stderr)")
        #expect(Self.sha(url) == before)
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"), "a refused file gets no -wal")
        #expect(!FileManager.default.fileExists(atPath: url.path + "-shm"), "a refused file gets no -shm")
    }

    @Test("a page damaged under a live session: the next decision is not saved and says why")
    func damagedDuringSession() throws {
        let url = try Self.database(sessions: 40)
        let store = try RecordStore(url: url)
        let id = try store.startSession(caseID: "hb-401", seed: 1, learner: "ana", at: Support.march1)
        try store.close()
        let live = try RecordStore(url: url)
        _ = try live.events(of: id)
        let pages = DatabaseFile.size(url.path) / 4096
        try Self.damage(url, page: pages / 2)
        let refused = Self.error { _ = try live.append(.chose(turn: 0, regimen: "tdm1"), to: id) }
        guard case .corrupt? = refused else {
            Issue.record("a write into a file damaged under a live store was accepted: \(String(describing: refused))")
            return
        }
    }

    @Test("the file damaged under a live play: the next decision says it is not saved, and play exits 1")
    func damagedUnderALivePlay() throws {
        let url = try Self.database(sessions: 40)
        let binary = try #require(Self.binary)
        let player = Process()
        player.executableURL = binary
        player.arguments = ["play", "hb-401", "--seed", "4", "--learner", "ana", "--db", url.path]
        var environment = ProcessInfo.processInfo.environment
        environment["HER2SIM_SCORING"] = Support.repositoryRoot.appendingPathComponent("Scoring").path
        environment["HER2SIM_CASES"] = Support.repositoryRoot.appendingPathComponent("Cases").path
        player.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        player.standardInput = input
        player.standardOutput = output
        player.standardError = errors
        try player.run()
        defer {
            kill(player.processIdentifier, SIGKILL)
            player.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("choose tdm1\n".utf8))
        try #require(Self.read(output.fileHandleForReading, until: "You chose").contains("You chose"))
        try Self.damage(url, page: DatabaseFile.size(url.path) / 4096 / 2)
        input.fileHandleForWriting.write(Data("choose clinical-trial\nquit\n".utf8))
        try input.fileHandleForWriting.close()
        let warning = Self.read(output.fileHandleForReading, until: "nothing more from this run can be saved there")
        let complaint = Self.read(errors.fileHandleForReading, until: "some of this run's decisions were not saved")
        player.waitUntilExit()
        #expect(player.terminationStatus == 1)
        #expect(complaint.contains("damaged"), "\(complaint)")
        #expect(warning.contains("not saved to \(url.path): the records database is damaged"), "\(warning)")
        #expect(warning.contains("nothing more from this run can be saved there"), "\(warning)")
    }

    // MARK: - Stale write-ahead log

    @Test("a crashed run's -wal beside a restored backup is not merged: refused with the way out")
    func staleLogBesideRestoredBackup() throws {
        let url = try Self.database(sessions: 2)
        let directory = url.deletingLastPathComponent()
        let backup = directory.appendingPathComponent("backup.sqlite")
        try FileManager.default.copyItem(at: url, to: backup)
        // Much later: many more sessions, checkpointed into the file…
        let store = try RecordStore(url: url)
        for index in 0..<150 {
            let session = Support.play(Support.script("hb-402"), seed: UInt64(100 + index), learner: "bo\(index % 7)") {
                r, _ in
                r.first.regimen
            }
            try store.insertSession(log: session.log, at: Support.march1)
        }
        try store.close()
        // …then a run that crashed with its last writes still in the log.
        var configuration = Configuration()
        configuration.prepareDatabase { db in db.add(function: RecordStore.learnerIdentityFunction) }
        let pool = try DatabasePool(path: url.path, configuration: configuration)
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        try pool.write { db in
            try db.execute(sql: "DELETE FROM events WHERE session_id > 40")
            try db.execute(sql: "UPDATE sessions SET case_id = 'hb-403' WHERE id % 3 = 0")
        }
        let savedLog = directory.appendingPathComponent("saved-wal")
        try FileManager.default.copyItem(atPath: url.path + "-wal", toPath: savedLog.path)
        try pool.close()
        // The advice followed naively: the backup copied over the file, the old log still beside it.
        try FileManager.default.removeItem(at: url)
        try FileManager.default.copyItem(at: backup, to: url)
        try? FileManager.default.removeItem(atPath: url.path + "-wal")
        try? FileManager.default.removeItem(atPath: url.path + "-shm")
        try FileManager.default.copyItem(atPath: savedLog.path, toPath: url.path + "-wal")

        // The reproduction: SQLite alone merges that log into the restored file and damages it.
        let probe = directory.appendingPathComponent("probe.sqlite")
        try FileManager.default.copyItem(at: url, to: probe)
        try FileManager.default.copyItem(atPath: url.path + "-wal", toPath: probe.path + "-wal")
        #expect(
            !DatabaseFile.quickCheck(probe.path).isEmpty,
            "the stale log merges cleanly; the scene needs more divergence")

        let before = (Self.sha(url), Self.sha(URL(fileURLWithPath: url.path + "-wal")))
        let refused = Self.error { _ = try RecordStore(url: url) }
        #expect(refused == .foreignLog(path: url.path))
        #expect(refused?.description.contains("move \(url.path)-wal and \(url.path)-shm away") == true)
        #expect(Self.sha(url) == before.0 && Self.sha(URL(fileURLWithPath: url.path + "-wal")) == before.1)
        // The way out works: without the stray log the restored file opens with its sessions.
        try FileManager.default.removeItem(atPath: url.path + "-wal")
        try? FileManager.default.removeItem(atPath: url.path + "-shm")
        let restored = try RecordStore(url: url)
        #expect(try restored.sessions().count == 2)
    }

    // MARK: - 3. Another program's lock

    @Test("a write lock held by another program (python3's sqlite3): named, a bounded wait, a clear exit")
    func lockHeldByAnotherProgram() throws {
        let url = try Self.database()
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is needed (make test-deps)")
        // A database browser with pending edits: rollback journal, an open write transaction, no -wal.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = [
            "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("PRAGMA journal_mode=DELETE")
            c.execute("BEGIN IMMEDIATE")
            c.execute("UPDATE sessions SET score = score WHERE id = 1")
            print("ready", flush=True)
            time.sleep(120)
            """, url.path,
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        // SIGKILL: the test runner's children may ignore SIGTERM.
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        let ready = Self.read(output.fileHandleForReading, until: "ready")
        try #require(ready.contains("ready"))
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))

        let start = ContinuousClock.now
        let played = try Self.her2sim([
            "play", "hb-401", "--seed", "3", "--db", url.path,
            "--script", try Self.script("choose tdm1\nquit\n"),
        ])
        let waited = ContinuousClock.now - start
        #expect(played.status == 1)
        #expect(waited < .seconds(20), "play took \(waited) to give up")
        #expect(
            played.stderr.contains(
                "another program (python3, pid \(holder.processIdentifier); not her2sim) holds a write lock"),
            "\(played.stderr)")
        #expect(played.stderr.contains("waited 5 s"), "\(played.stderr)")
        print("play gave up on a database python3 keeps locked after \(waited)")

        let reportStart = ContinuousClock.now
        let report = try Self.her2sim(["report", "--db", url.path])
        #expect(ContinuousClock.now - reportStart < .seconds(20), "report blocked \(ContinuousClock.now - reportStart)")
        #expect(report.status == 1)
        #expect(report.stderr.contains("another program (python3"), "\(report.stderr)")
    }

    // MARK: - 6. Permissions

    @Test("a run on a 0444 database creates no -wal/-shm; after chmod 644 play works, even past old 0444 leftovers")
    func readOnlyDatabaseLeavesNothingBehind() throws {
        let url = try Self.database()
        let directory = url.deletingLastPathComponent()
        // Root writes any file: run the binary as nobody, as a fellow would be.
        #expect(chmod(directory.path, 0o777) == 0)
        #expect(chown(url.path, 65534, 65534) == 0 || getuid() != 0)
        let script = directory.appendingPathComponent("script.txt")
        try "choose tdm1\nquit\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o644)
        let binary = try #require(Self.binary)
        func play() throws -> Support.Output {
            let prefix = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
            return try Support.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                prefix + [
                    binary.path, "play", "hb-401", "--seed", "3",
                    "--db", url.path, "--script", script.path,
                ],
                environment: [
                    "HER2SIM_SCORING": Support.repositoryRoot.appendingPathComponent("Scoring").path,
                    "HER2SIM_CASES": Support.repositoryRoot.appendingPathComponent("Cases").path,
                    "XDG_DATA_HOME": directory.path, "HOME": directory.path,
                ])
        }
        chmod(url.path, 0o444)
        let refused = try play()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("read-only"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: url.path + "-shm"))
        // What an older her2sim left: 0444 sidecars owned by the fellow.
        for suffix in ["-wal", "-shm"] {
            _ = FileManager.default.createFile(atPath: url.path + suffix, contents: nil)
            chown(url.path + suffix, 65534, 65534)
            chmod(url.path + suffix, 0o444)
        }
        chmod(url.path, 0o644)
        let played = try play()
        #expect(played.status == 0, "\(played.stderr)")
        #expect(played.stdout.contains("You chose"))
    }

    // MARK: - 9. One session, one player

    @Test("a second player on a session is told at once who has it; resume refuses another learner")
    func oneSessionOnePlayer() throws {
        let url = Support.scratchDatabase()
        let first = try Self.her2sim([
            "play", "hb-401", "--seed", "4", "--learner", "ana", "--db", url.path,
            "--script", try Self.script("choose tdm1\nquit\n"),
        ])
        #expect(first.status == 0, "\(first.stderr)")

        let stored = try RecordStore(url: url).events(of: SessionID(1)).count
        let bob = try Self.her2sim([
            "resume", "1", "--learner", "bob", "--db", url.path,
            "--script", try Self.script("score\n"),
        ])
        #expect(bob.status == 1)
        #expect(bob.stderr.contains("session #1 is ana's, not bob's"), "\(bob.stderr)")
        #expect(try RecordStore(url: url).events(of: SessionID(1)).count == stored)

        // ana resumes it and keeps it open (standard input stays open)…
        let binary = try #require(Self.binary)
        let player = Process()
        player.executableURL = binary
        player.arguments = ["resume", "1", "--learner", "ANA", "--db", url.path]
        var environment = ProcessInfo.processInfo.environment
        environment["HER2SIM_SCORING"] = Support.repositoryRoot.appendingPathComponent("Scoring").path
        environment["HER2SIM_CASES"] = Support.repositoryRoot.appendingPathComponent("Cases").path
        player.environment = environment
        let input = Pipe()
        let output = Pipe()
        player.standardInput = input
        player.standardOutput = output
        player.standardError = FileHandle.nullDevice
        try player.run()
        defer {
            kill(player.processIdentifier, SIGKILL)
            player.waitUntilExit()
        }
        let seen = Self.read(output.fileHandleForReading, until: "Resuming")
        try #require(seen.contains("Resuming"))

        // …so a second resume is refused at once, naming her and the process; nothing is stored.
        let before = try RecordStore(url: url).events(of: SessionID(1)).count
        let start = ContinuousClock.now
        let second = try Self.her2sim([
            "resume", "1", "--learner", "ana", "--db", url.path,
            "--script", try Self.script("choose clinical-trial\n"),
        ])
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(second.status == 1)
        #expect(
            second.stderr.contains(
                "error: session #1 is in use elsewhere: ana (her2sim pid \(player.processIdentifier)"),
            "\(second.stderr)")
        #expect(!second.stdout.contains("not saved"))
        #expect(try RecordStore(url: url).events(of: SessionID(1)).count == before)

        // When that player ends, the session is free again.
        input.fileHandleForWriting.write(Data("quit\n".utf8))
        try input.fileHandleForWriting.close()
        player.waitUntilExit()
        let third = try Self.her2sim([
            "resume", "1", "--learner", "ana", "--db", url.path,
            "--script", try Self.script("score\n"),
        ])
        #expect(third.status == 0, "\(third.stderr)")
    }

    @Test("a claim of a process that has ended (kill -9) does not block the session")
    func claimOfADeadProcess() throws {
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url)
        let id = try store.startSession(caseID: "hb-401", seed: 1, learner: "ana", at: Support.march1)
        try store.writing { db in
            try db.execute(sql: RecordStore.claimsTable)
            try db.execute(
                sql: "INSERT INTO session_claims VALUES (?, 999999, 'gone', ?, 'ana', '2025-03-01T09:00:00Z')",
                arguments: [id.rawValue, ProcessIdentity.current.host])
        }
        try store.claim(id, learner: "ana")
        try store.releaseClaim(id)
    }

    // MARK: - 10. Names

    @Test("ÉMILE and émile are one learner everywhere: stored once, one row, one in the cohort count")
    func oneLearnerPerIdentity() throws {
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url)
        for (index, name) in ["émile", "ÉMILE", "E\u{301}mile"].enumerated() {
            try store.startSession(caseID: "hb-401", seed: UInt64(index + 1), learner: name, at: Support.march1)
        }
        #expect(try store.learners() == ["émile"])
        #expect(try store.sessions(learner: "ÉMILE").count == 3)
        let report = try ReportBuilder(knowledge: Support.knowledge, cases: Support.cases, course: Support.simulator)
            .report(store: store, filter: ReportFilter())
        #expect(report.cohort.learners == 1)
        #expect(report.cohort.progress.count == 1)
    }

    @Test("learner names: NFC, a length limit, no control characters — refused at the door with a reason")
    func learnerNameRule() throws {
        #expect(LearnerName.normalized("  E\u{301}mile ") == "Émile")
        #expect(LearnerName.normalized("Anonymous") == nil)
        #expect(LearnerName.identity("ÉMILE") == LearnerName.identity("émile"))
        #expect(
            Self.error { _ = try LearnerName.validated(String(repeating: "a", count: 65)) }
                == .invalidLearner(
                    name: String(repeating: "a", count: 65), reason: "it has 65 characters; the limit is 64"))
        if case .invalidLearner? = Self.error({ _ = try LearnerName.validated("\u{1B}]0;pwned\u{07}") }) {
        } else {
            Issue.record("a name with ESC was accepted")
        }
        let url = Support.scratchDatabase()
        let long = try Self.her2sim([
            "play", "hb-401", "--seed", "1", "--learner", String(repeating: "x", count: 120_000),
            "--db", url.path, "--script", try Self.script("quit\n"),
        ])
        #expect(long.status == 1)
        #expect(long.stderr.contains("the limit is 64"), "\(long.stderr.prefix(300))")
        #expect(long.stderr.count < 1000)
    }

    /// Stores a session under a name that the front door would refuse (an older her2sim's file).
    static func storeRaw(_ url: URL, names: [String]) throws {
        let store = try RecordStore(url: url)
        for (index, name) in names.enumerated() {
            let session = Support.play(
                Support.script("hb-401"), seed: UInt64(index + 1), learner: "placeholder\(index)"
            ) { r, _ in
                r.first.regimen
            }
            let id = try store.insertSession(log: session.log, at: Support.march1)
            try store.writing { db in
                try db.execute(
                    sql: "UPDATE learners SET name = ? WHERE id = (SELECT learner_id FROM sessions WHERE id = ?)",
                    arguments: [name, id.rawValue])
            }
        }
        try store.close()
    }

    static let hostileNames = [
        "\u{1B}[2J\u{1B}[Hcleared", "\u{1B}]0;pwned-title\u{07}", "forged\r\nbob  2025-01-01 100%",
        "@SUM(1+1)", "+cmd|'/C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "-2+3",
    ]

    @Test("report --format csv: formula prefixes neutralised, no raw control characters")
    func csvInjection() throws {
        let url = Support.scratchDatabase()
        try Self.storeRaw(url, names: Self.hostileNames)
        let csv = try Self.her2sim(["report", "--db", url.path, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(!csv.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\r" && $0 != "\n" })
        #expect(!csv.stdout.contains("\u{1B}"))
        for line in csv.stdout.split(separator: "\r\n").dropFirst() {
            let learner = line.split(separator: ",", maxSplits: 2)[1]
            #expect(!["=", "+", "-", "@"].contains(learner.first.map(String.init) ?? ""), "\(line)")
        }
        #expect(csv.stdout.contains("'@SUM(1+1)"))
        #expect(csv.stdout.contains("'+cmd|'/C calc'!A0"))
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""))
        // The report's numbers stay numbers.
        #expect(csv.stdout.contains(",hb-401,1,"))
    }

    @Test("report text: control characters shown escaped; a 120 KB name does not pad every row")
    func textEscapesAndBoundsNames() throws {
        let url = Support.scratchDatabase()
        try Self.storeRaw(url, names: Self.hostileNames + [String(repeating: "w", count: 120_000)])
        let text = try Self.her2sim(["report", "--db", url.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.contains("\u{1B}"))
        #expect(!text.stdout.contains("\u{07}"))
        #expect(!text.stdout.contains("\r"))
        #expect(text.stdout.contains("^[[2J^[[Hcleared"))
        #expect(!text.stdout.split(separator: "\n").contains { $0.hasPrefix("bob  2025") })
        #expect(text.stdout.utf8.count < 20_000, "the report is \(text.stdout.utf8.count) bytes")
    }

    @Test("the JSON seed is always a string of digits, below and above 2^63")
    func seedIsOneType() throws {
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url)
        try store.startSession(caseID: "hb-401", seed: 7, learner: nil, at: Support.march1)
        try store.startSession(caseID: "hb-401", seed: UInt64.max, learner: nil, at: Support.march1)
        try store.close()
        let json = try Self.her2sim(["report", "--db", url.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let seeds = (object["sessions"] as? [[String: Any]] ?? []).map { $0["seed"] }
        #expect(seeds.compactMap { $0 as? String } == ["7", "18446744073709551615"])
    }

    // MARK: - 10. Paths

    @Test("--db :memory: and --db file:…?mode=ro are refused (they are not file paths to her2sim) and create nothing")
    func specialPaths() throws {
        let directory = Support.scratchDirectory()
        for path in [":memory:", "file:records.sqlite?mode=ro", "file:sub/records.sqlite"] {
            for command in [["report"], ["play", "hb-401", "--script", "/dev/null"]] {
                let result = try Support.run(try #require(Self.binary), command + ["--db", path], directory: directory)
                #expect(result.status != 0, "\(command) --db \(path)")
                #expect(result.stderr.contains(path == ":memory:" ? "in-memory" : "SQLite URIs"), "\(result.stderr)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a symbolic link loop as --db is an error, not 'no records yet'")
    func symlinkLoop() throws {
        let directory = Support.scratchDirectory()
        let a = directory.appendingPathComponent("a.sqlite").path
        let b = directory.appendingPathComponent("b.sqlite").path
        #expect(symlink(b, a) == 0 && symlink(a, b) == 0)
        let report = try Self.her2sim(["report", "--db", a])
        #expect(report.status == 1)
        #expect(report.stderr.contains("loop"), "\(report.stderr)")
        #expect(!report.stderr.contains("no records yet"))
    }

    @Test("a refused (foreign) database gets no -wal or -shm beside it")
    func refusedGetsNoSidecars() throws {
        let url = Support.scratchDatabase()
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE notes (body TEXT)")
        }
        try queue.close()
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
        let report = try Self.her2sim(["report", "--db", url.path])
        #expect(report.status == 1)
        #expect(report.stderr.contains("not her2sim's records"))
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: url.path + "-shm"))
    }
}
