-- Wegweiser content file, schema version 2.
--
-- One SQLite file holds everything the kiosk shows. `wegweiser-content build`
-- creates it from the CSV sources (see FORMAT.md); the kiosk opens it
-- read-only. Texts a visitor reads live in *_text tables, one row per
-- language, so a new language is content work, not a schema change.
-- The CHECK constraints are the last line of defence; the tool applies the
-- same rules, with file, line and column, before anything is written.
--
-- Integer ids of contact points and groups and the slugs of topics, pages and
-- media are the staff's own stable keys: the kiosk links by them.

CREATE TABLE meta (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version   INTEGER NOT NULL CHECK (schema_version = 2),
  content_version  INTEGER NOT NULL CHECK (content_version > 0),
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  publisher        TEXT NOT NULL CHECK (length(publisher) BETWEEN 1 AND 200),
  published        TEXT NOT NULL CHECK (published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                        AND date(published) = published),
  -- Language codes present, comma-separated, the default (fallback) first.
  languages        TEXT NOT NULL CHECK (languages GLOB '[a-z][a-z]*'
                                        AND languages NOT GLOB '*[^a-z,]*'),
  demo             INTEGER NOT NULL CHECK (demo IN (0, 1))
) STRICT;

CREATE TABLE media (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64
                                     AND name NOT GLOB '*[^a-z0-9-]*'),
  mime   TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
  data   BLOB NOT NULL CHECK (length(data) BETWEEN 8 AND 2097152)
) STRICT;

CREATE TABLE media_text (
  media_id INTEGER NOT NULL REFERENCES media(id),
  lang     TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  alt      TEXT NOT NULL CHECK (length(alt) BETWEEN 1 AND 300),
  PRIMARY KEY (media_id, lang)
) STRICT, WITHOUT ROWID;

CREATE TABLE topic (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64
                                        AND slug NOT GLOB '*[^a-z0-9-]*'),
  sort_key  TEXT NOT NULL,
  -- 1: a topic where a visitor may be in crisis (suicide, violence,
  -- addiction, …); its page offers the crisis lines first.
  sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1))
) STRICT;

CREATE TABLE topic_text (
  topic_id  INTEGER NOT NULL REFERENCES topic(id),
  lang      TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  summary   TEXT NOT NULL CHECK (length(summary) <= 600),
  -- Folded name (lower case, umlauts as base letters) that orders the A–Z
  -- index of this language; letter is its first letter, or '#'.
  sort_key  TEXT NOT NULL,
  letter    TEXT NOT NULL CHECK (letter GLOB '[A-Z#]' AND length(letter) = 1),
  PRIMARY KEY (topic_id, lang)
) STRICT, WITHOUT ROWID;

-- The A–Z index of one language, in order; jump to a letter.
CREATE INDEX topic_text_index ON topic_text (lang, sort_key);
CREATE INDEX topic_text_letter ON topic_text (lang, letter, sort_key);

CREATE TABLE topic_related (
  topic_id    INTEGER NOT NULL REFERENCES topic(id),
  related_id  INTEGER NOT NULL REFERENCES topic(id),
  position    INTEGER NOT NULL CHECK (position >= 0),
  PRIMARY KEY (topic_id, related_id),
  CHECK (topic_id <> related_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE alias (
  id        INTEGER PRIMARY KEY,
  topic_id  INTEGER NOT NULL REFERENCES topic(id),
  lang      TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  alias     TEXT NOT NULL CHECK (length(alias) BETWEEN 1 AND 80),
  UNIQUE (topic_id, lang, alias)
) STRICT;

CREATE TABLE contact_point (
  id             INTEGER PRIMARY KEY CHECK (id > 0),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
  street         TEXT NOT NULL CHECK (length(street) BETWEEN 1 AND 160),
  postcode       TEXT NOT NULL CHECK (length(postcode) = 5 AND postcode NOT GLOB '*[^0-9]*'),
  town           TEXT NOT NULL CHECK (length(town) BETWEEN 1 AND 100),
  -- The phone number as staff wrote it ("030 23125-111"), for the screen,
  -- and the number to dial, for tel: and the vCard: E.164, '+' and 7 to 15
  -- digits, the first not 0.
  phone_shown    TEXT CHECK (phone_shown IS NULL OR length(phone_shown) BETWEEN 3 AND 32),
  phone          TEXT CHECK (phone IS NULL OR (phone GLOB '+[1-9]*' AND length(phone) BETWEEN 8 AND 16
                                               AND substr(phone, 2) NOT GLOB '*[^0-9]*')),
  email          TEXT CHECK (email IS NULL OR (email GLOB '?*@?*.?*' AND email NOT GLOB '*@*@*'
                                               AND email NOT GLOB '*[ <>()\,;:"]*')),
  web            TEXT CHECK (web IS NULL OR ((web GLOB 'https://?*' OR web GLOB 'http://?*')
                                             AND web NOT GLOB '*[ <>"]*')),
  lat            REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon            REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  step_free      INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
  hearing_loop   INTEGER NOT NULL DEFAULT 0 CHECK (hearing_loop IN (0, 1)),
  accessible_wc  INTEGER NOT NULL DEFAULT 0 CHECK (accessible_wc IN (0, 1)),
  media_id       INTEGER REFERENCES media(id),
  -- The postcode areas it serves, tidied: prefixes ("001") and ranges
  -- ("00110-00129"), one space apart. "Near me" names it first for a
  -- postcode in them (store_contacts_for_postcode).
  areas          TEXT CHECK (areas IS NULL OR (length(areas) BETWEEN 1 AND 767
                                               AND areas NOT GLOB '*[^0-9 -]*')),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK ((phone IS NULL) = (phone_shown IS NULL))
) STRICT;

CREATE INDEX contact_point_postcode ON contact_point (postcode);

CREATE TABLE contact_point_text (
  contact_point_id  INTEGER NOT NULL REFERENCES contact_point(id),
  lang              TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  hours             TEXT NOT NULL CHECK (length(hours) <= 600),
  accessibility     TEXT NOT NULL CHECK (length(accessibility) <= 600),
  description       TEXT NOT NULL CHECK (length(description) <= 1000),
  PRIMARY KEY (contact_point_id, lang)
) STRICT, WITHOUT ROWID;

CREATE TABLE self_help_group (
  id                INTEGER PRIMARY KEY CHECK (id > 0),
  name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
  contact_point_id  INTEGER REFERENCES contact_point(id),
  phone_shown       TEXT CHECK (phone_shown IS NULL OR length(phone_shown) BETWEEN 3 AND 32),
  phone             TEXT CHECK (phone IS NULL OR (phone GLOB '+[1-9]*' AND length(phone) BETWEEN 8 AND 16
                                                  AND substr(phone, 2) NOT GLOB '*[^0-9]*')),
  email             TEXT CHECK (email IS NULL OR (email GLOB '?*@?*.?*' AND email NOT GLOB '*@*@*'
                                                  AND email NOT GLOB '*[ <>()\,;:"]*')),
  web               TEXT CHECK (web IS NULL OR ((web GLOB 'https://?*' OR web GLOB 'http://?*')
                                                AND web NOT GLOB '*[ <>"]*')),
  -- Where it meets (group_text.place names the place): all three or none.
  street            TEXT NOT NULL DEFAULT '' CHECK (length(street) <= 160),
  postcode          TEXT CHECK (postcode IS NULL OR (length(postcode) = 5 AND postcode NOT GLOB '*[^0-9]*')),
  town              TEXT NOT NULL DEFAULT '' CHECK (length(town) <= 100),
  CHECK ((phone IS NULL) = (phone_shown IS NULL)),
  CHECK ((street = '') = (postcode IS NULL) AND (town = '') = (postcode IS NULL))
) STRICT;

CREATE INDEX self_help_group_contact_point ON self_help_group (contact_point_id);

-- Which groups a topic page lists (by topic), and a group's topics (by group).
CREATE TABLE group_topic (
  topic_id  INTEGER NOT NULL REFERENCES topic(id),
  group_id  INTEGER NOT NULL REFERENCES self_help_group(id),
  PRIMARY KEY (topic_id, group_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX group_topic_by_group ON group_topic (group_id, topic_id);

CREATE TABLE group_text (
  group_id  INTEGER NOT NULL REFERENCES self_help_group(id),
  lang      TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  schedule  TEXT NOT NULL CHECK (length(schedule) <= 300),
  place     TEXT NOT NULL CHECK (length(place) <= 300),
  note      TEXT NOT NULL CHECK (length(note) <= 600),
  PRIMARY KEY (group_id, lang)
) STRICT, WITHOUT ROWID;

CREATE TABLE page (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64
                                        AND slug NOT GLOB '*[^a-z0-9-]*'),
  position  INTEGER NOT NULL,
  media_id  INTEGER REFERENCES media(id)
) STRICT;

CREATE INDEX page_position ON page (position);

CREATE TABLE page_text (
  page_id  INTEGER NOT NULL REFERENCES page(id),
  lang     TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  title    TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 160),
  body     TEXT NOT NULL CHECK (length(body) <= 20000),
  PRIMARY KEY (page_id, lang)
) STRICT, WITHOUT ROWID;

-- Postcode -> coordinates, for "contact point near me".
CREATE TABLE postcode (
  postcode  TEXT PRIMARY KEY CHECK (length(postcode) = 5 AND postcode NOT GLOB '*[^0-9]*'),
  town      TEXT NOT NULL CHECK (length(town) BETWEEN 1 AND 100),
  lat       REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon       REAL NOT NULL CHECK (lon BETWEEN -180 AND 180)
) STRICT, WITHOUT ROWID;

-- Help by phone: crisis lines (crisis = 1: 112, TelefonSeelsorge, …) and
-- information services (crisis = 0), each shown in `position` order. The
-- phone as written and the number to dial: E.164, or a short number's 3 to
-- 6 digits (112, 116117).
CREATE TABLE service (
  id           INTEGER PRIMARY KEY CHECK (id > 0),
  crisis       INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
  phone_shown  TEXT CHECK (phone_shown IS NULL OR length(phone_shown) BETWEEN 3 AND 32),
  phone        TEXT CHECK (phone IS NULL
                           OR (phone GLOB '+[1-9]*' AND length(phone) BETWEEN 8 AND 16
                               AND substr(phone, 2) NOT GLOB '*[^0-9]*')
                           OR (phone GLOB '[1-9]*' AND length(phone) BETWEEN 3 AND 6
                               AND phone NOT GLOB '*[^0-9]*')),
  web          TEXT CHECK (web IS NULL OR ((web GLOB 'https://?*' OR web GLOB 'http://?*')
                                           AND web NOT GLOB '*[ <>"]*')),
  position     INTEGER NOT NULL,
  CHECK ((phone IS NULL) = (phone_shown IS NULL))
) STRICT;

CREATE INDEX service_order ON service (crisis, position);

CREATE TABLE service_text (
  service_id   INTEGER NOT NULL REFERENCES service(id),
  lang         TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
  description  TEXT NOT NULL CHECK (length(description) <= 300),
  hours        TEXT NOT NULL CHECK (length(hours) <= 300),
  PRIMARY KEY (service_id, lang)
) STRICT, WITHOUT ROWID;

-- Words that carry no meaning in a search ("ich", "zu", "my"), as written,
-- per language: a query ignores them unless they are all it has. A minor
-- word (minor = 1: "Mutter", "Kind") is looked for, but counts for little
-- beside the words a sentence is about ("meine Mutter hat Krebs").
CREATE TABLE stop_word (
  lang   TEXT NOT NULL CHECK (length(lang) = 2 AND lang NOT GLOB '*[^a-z]*'),
  word   TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 40 AND instr(word, ' ') = 0),
  minor  INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
  PRIMARY KEY (lang, word)
) STRICT, WITHOUT ROWID;

-- Search. One row per searchable text: topic names and summaries, aliases,
-- contact point names, towns and postcodes, group names, page titles.
-- `folded` is the text as the search code compares it (search_key() in
-- kiosk/search_key.c: lower case; umlauts, "ae"/"oe"/"ue" and accents as base
-- letters, ß as "ss"; punctuation as single spaces). The kiosk reads the
-- words of every row into memory (search_open(): a vocabulary with the rows
-- each word is in) and, for the groups it shows, their text by id.
CREATE TABLE search_entry (
  id      INTEGER PRIMARY KEY,
  kind    TEXT NOT NULL CHECK (kind IN ('topic', 'alias', 'contact', 'group', 'page')),
  ref_id  INTEGER NOT NULL,             -- topic, contact_point, self_help_group or page id
  lang    TEXT,                          -- NULL: the same in every language
  field   TEXT NOT NULL CHECK (field IN ('name', 'summary', 'alias', 'town', 'postcode', 'title')),
  text    TEXT NOT NULL,                 -- as shown ("Zucker" for an alias)
  folded  TEXT NOT NULL
) STRICT;

CREATE INDEX search_entry_ref ON search_entry (kind, ref_id);
