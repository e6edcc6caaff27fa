-- A schema v3 records file as her2sim wrote it before management decisions were re-graded and
-- exported: `sqlite3 records.sqlite .dump` after three scripted `her2sim play` runs of hb-411, on
-- Cases/, Scoring/ and the records code (schema, event coding, recorder) of commit 40a5cd8:
--   #1 Kim seed 1: tucatinib-trastuzumab-capecitabine, manage hold, quit (unfinished)
--   #2 Lee seed 1: the same choice with confidence 80, manage reduce, tdm1, lapatinib-trastuzumab
--   #3 Kim seed 2: the same choice, manage discontinue, tdm1, lapatinib-trastuzumab
-- `.dump` leaves out the two pragmas that mark a her2sim file: they come first.
PRAGMA application_id = 1211257682;
PRAGMA user_version = 3;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1');
INSERT INTO grdb_migrations VALUES('v2');
INSERT INTO grdb_migrations VALUES('v3');
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> '')
);
INSERT INTO learners VALUES(1,'Kim');
INSERT INTO learners VALUES(2,'Lee');
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner_id INTEGER REFERENCES learners(id),
    case_id TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started TEXT NOT NULL,
    score INTEGER,
    maximum INTEGER
, knowledge_base TEXT);
INSERT INTO sessions VALUES(1,1,'hb-411',1,'2026-11-29T15:39:41Z',NULL,NULL,'c1af52602d254897d81172f5f8cb96911c6cbc2d5d3e0ca756041055c05f527f');
INSERT INTO sessions VALUES(2,2,'hb-411',1,'2026-11-29T15:39:42Z',34,37,'c1af52602d254897d81172f5f8cb96911c6cbc2d5d3e0ca756041055c05f527f');
INSERT INTO sessions VALUES(3,1,'hb-411',2,'2026-11-29T15:39:44Z',28,37,'c1af52602d254897d81172f5f8cb96911c6cbc2d5d3e0ca756041055c05f527f');
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO settings VALUES('records-id','ec3d79935b720f9917a918e11c0f775e');
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    UNIQUE (session_id, sequence)
);
INSERT INTO outbox VALUES(1,1,0);
INSERT INTO outbox VALUES(2,1,1);
INSERT INTO outbox VALUES(3,1,2);
INSERT INTO outbox VALUES(4,1,4);
INSERT INTO outbox VALUES(5,2,0);
INSERT INTO outbox VALUES(6,2,1);
INSERT INTO outbox VALUES(7,2,2);
INSERT INTO outbox VALUES(8,2,4);
INSERT INTO outbox VALUES(9,2,6);
INSERT INTO outbox VALUES(10,2,7);
INSERT INTO outbox VALUES(11,2,9);
INSERT INTO outbox VALUES(12,2,10);
INSERT INTO outbox VALUES(13,2,12);
INSERT INTO outbox VALUES(14,3,0);
INSERT INTO outbox VALUES(15,3,1);
INSERT INTO outbox VALUES(16,3,2);
INSERT INTO outbox VALUES(17,3,4);
INSERT INTO outbox VALUES(18,3,6);
INSERT INTO outbox VALUES(19,3,7);
INSERT INTO outbox VALUES(20,3,9);
INSERT INTO outbox VALUES(21,3,10);
INSERT INTO outbox VALUES(22,3,12);
CREATE TABLE confidences (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn INTEGER NOT NULL CHECK (turn >= 0),
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100),
    PRIMARY KEY (session_id, turn)
);
INSERT INTO confidences VALUES(2,0,80);
CREATE TABLE IF NOT EXISTS "events" (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL CHECK (sequence >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('started', 'chose', 'assessed', 'advanced', 'managed', 'ended')),
    payload TEXT NOT NULL,
    UNIQUE (session_id, sequence)
);
INSERT INTO events VALUES(1,1,0,'started','{"case":"hb-411","kind":"started","learner":"Kim","seed":1}');
INSERT INTO events VALUES(2,1,1,'chose','{"kind":"chose","regimen":"tucatinib-trastuzumab-capecitabine","turn":0}');
INSERT INTO events VALUES(3,1,2,'assessed','{"kind":"assessed","points":10,"reference":"tucatinib-trastuzumab-capecitabine","regimen":"tucatinib-trastuzumab-capecitabine","tier":"preferred","turn":0,"unsafe":false}');
INSERT INTO events VALUES(4,1,3,'advanced','{"events":[{"event":{"grade":2,"toxicity":"nausea","type":"toxicity"},"month":0.775648718250602},{"event":{"response":"partial","type":"response"},"month":1.5},{"event":{"grade":3,"toxicity":"hand-foot-syndrome","type":"toxicity"},"month":1.5}],"kind":"advanced","months":1.5,"turn":0}');
INSERT INTO events VALUES(5,1,4,'managed','{"action":"hold","kind":"managed","points":4,"reference":"reduce","tier":"conditional","turn":1,"unsafe":false}');
INSERT INTO events VALUES(6,1,5,'advanced','{"events":[{"event":{"grade":0,"toxicity":"hand-foot-syndrome","type":"toxicity"},"month":0.2872487644832151},{"event":{"grade":3,"toxicity":"diarrhea","type":"toxicity"},"month":0.5178462913372242},{"event":{"grade":1,"toxicity":"hepatotoxicity","type":"toxicity"},"month":1.3005933318786749},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":16.649685520348374},{"event":{"type":"ecog","value":0},"month":16.649685520348374}],"kind":"advanced","months":17.339567254908165,"turn":1}');
INSERT INTO events VALUES(7,2,0,'started','{"case":"hb-411","kind":"started","learner":"Lee","seed":1}');
INSERT INTO events VALUES(8,2,1,'chose','{"kind":"chose","regimen":"tucatinib-trastuzumab-capecitabine","turn":0}');
INSERT INTO events VALUES(9,2,2,'assessed','{"kind":"assessed","points":10,"reference":"tucatinib-trastuzumab-capecitabine","regimen":"tucatinib-trastuzumab-capecitabine","tier":"preferred","turn":0,"unsafe":false}');
INSERT INTO events VALUES(10,2,3,'advanced','{"events":[{"event":{"grade":2,"toxicity":"nausea","type":"toxicity"},"month":0.775648718250602},{"event":{"response":"partial","type":"response"},"month":1.5},{"event":{"grade":3,"toxicity":"hand-foot-syndrome","type":"toxicity"},"month":1.5}],"kind":"advanced","months":1.5,"turn":0}');
INSERT INTO events VALUES(11,2,4,'managed','{"action":"reduce","kind":"managed","points":10,"reference":"reduce","tier":"preferred","turn":1,"unsafe":false}');
INSERT INTO events VALUES(12,2,5,'advanced','{"events":[{"event":{"grade":0,"toxicity":"hand-foot-syndrome","type":"toxicity"},"month":0.2872487644832151},{"event":{"grade":3,"toxicity":"diarrhea","type":"toxicity"},"month":0.5178462913372242},{"event":{"grade":1,"toxicity":"hepatotoxicity","type":"toxicity"},"month":1.3005933318786749},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":16.649685520348374},{"event":{"type":"ecog","value":0},"month":16.649685520348374}],"kind":"advanced","months":17.339567254908165,"turn":1}');
INSERT INTO events VALUES(13,2,6,'chose','{"kind":"chose","regimen":"tdm1","turn":2}');
INSERT INTO events VALUES(14,2,7,'assessed','{"kind":"assessed","points":10,"reference":"tdm1","regimen":"tdm1","tier":"preferred","turn":2,"unsafe":false}');
INSERT INTO events VALUES(15,2,8,'advanced','{"events":[{"event":{"grade":3,"toxicity":"diarrhea","type":"toxicity"},"month":0.024383547186514046},{"event":{"grade":1,"toxicity":"thrombocytopenia","type":"toxicity"},"month":0.634408856817968},{"event":{"response":"progression","type":"response"},"month":0.8638137423111402},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":0.8638137423111402},{"event":{"type":"ecog","value":0},"month":0.8638137423111402}],"kind":"advanced","months":0.8638137423111402,"turn":2}');
INSERT INTO events VALUES(16,2,9,'chose','{"kind":"chose","regimen":"lapatinib-trastuzumab","turn":3}');
INSERT INTO events VALUES(17,2,10,'assessed','{"kind":"assessed","points":4,"reference":"trastuzumab-taxane","regimen":"lapatinib-trastuzumab","tier":"conditional","turn":3,"unsafe":false}');
INSERT INTO events VALUES(18,2,11,'advanced','{"events":[{"event":{"response":"progression","type":"response"},"month":0.5430727673828649},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":0.5430727673828649},{"event":{"type":"ecog","value":1},"month":0.5430727673828649}],"kind":"advanced","months":0.5430727673828649,"turn":3}');
INSERT INTO events VALUES(19,2,12,'ended','{"kind":"ended","maximum":37,"score":34}');
INSERT INTO events VALUES(20,3,0,'started','{"case":"hb-411","kind":"started","learner":"Kim","seed":2}');
INSERT INTO events VALUES(21,3,1,'chose','{"kind":"chose","regimen":"tucatinib-trastuzumab-capecitabine","turn":0}');
INSERT INTO events VALUES(22,3,2,'assessed','{"kind":"assessed","points":10,"reference":"tucatinib-trastuzumab-capecitabine","regimen":"tucatinib-trastuzumab-capecitabine","tier":"preferred","turn":0,"unsafe":false}');
INSERT INTO events VALUES(23,3,3,'advanced','{"events":[{"event":{"grade":1,"toxicity":"nausea","type":"toxicity"},"month":0.0745946387094944},{"event":{"grade":2,"toxicity":"diarrhea","type":"toxicity"},"month":0.33694079490747536},{"event":{"grade":3,"toxicity":"hand-foot-syndrome","type":"toxicity"},"month":0.569595799876923},{"event":{"grade":1,"toxicity":"stomatitis","type":"toxicity"},"month":1.2531255293723802},{"event":{"response":"partial","type":"response"},"month":1.5}],"kind":"advanced","months":1.5,"turn":0}');
INSERT INTO events VALUES(24,3,4,'managed','{"action":"discontinue","kind":"managed","points":1,"reference":"reduce","tier":"not-recommended","turn":1,"unsafe":false}');
INSERT INTO events VALUES(25,3,5,'advanced','{"events":[],"kind":"advanced","months":0,"turn":1}');
INSERT INTO events VALUES(26,3,6,'chose','{"kind":"chose","regimen":"tdm1","turn":2}');
INSERT INTO events VALUES(27,3,7,'assessed','{"kind":"assessed","points":10,"reference":"tdm1","regimen":"tdm1","tier":"preferred","turn":2,"unsafe":false}');
INSERT INTO events VALUES(28,3,8,'advanced','{"events":[{"event":{"response":"stable","type":"response"},"month":1.5},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":1.7271914269451476},{"event":{"grade":1,"toxicity":"thrombocytopenia","type":"toxicity"},"month":1.7271914269451476},{"event":{"type":"ecog","value":0},"month":1.7271914269451476}],"kind":"advanced","months":1.7271914269451476,"turn":2}');
INSERT INTO events VALUES(29,3,9,'chose','{"kind":"chose","regimen":"lapatinib-trastuzumab","turn":3}');
INSERT INTO events VALUES(30,3,10,'assessed','{"kind":"assessed","points":7,"reference":"lapatinib-trastuzumab","regimen":"lapatinib-trastuzumab","tier":"recommended","turn":3,"unsafe":false}');
INSERT INTO events VALUES(31,3,11,'advanced','{"events":[{"event":{"response":"progression","type":"response"},"month":0.5137717917574968},{"event":{"brain-metastases":null,"new-sites":[],"type":"progression"},"month":0.5137717917574968}],"kind":"advanced","months":0.5137717917574968,"turn":3}');
INSERT INTO events VALUES(32,3,12,'ended','{"kind":"ended","maximum":37,"score":28}');
CREATE TABLE session_claims (
    session_id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, process TEXT NOT NULL,
    host TEXT NOT NULL, learner TEXT, since TEXT NOT NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('outbox',22);
INSERT INTO sqlite_sequence VALUES('sessions',3);
CREATE INDEX sessions_by_learner ON sessions(learner_id, started);
CREATE INDEX sessions_by_started ON sessions(started);
CREATE TRIGGER events_outbox AFTER INSERT ON events
    WHEN NEW.kind IN ('started', 'chose', 'assessed', 'managed', 'ended')
    BEGIN INSERT OR IGNORE INTO outbox (session_id, sequence) VALUES (NEW.session_id, NEW.sequence); END;
COMMIT;
