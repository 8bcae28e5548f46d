/* generate — synthetic CSV sources for scale tests.
 *
 * Germany has 70,000–100,000 self-help groups and 273 contact points at 320
 * places; the kiosk must stay instant at that size, so the benchmarks and the
 * scale test build content of that size from here. The data is plausible
 * rather than random noise: German compound topic names ("Lungenkrebs bei
 * Kindern") so search meets the same shapes as in real content, towns with
 * postcodes and coordinates inside Germany, contact points with postcode
 * areas that do not overlap, groups with the address they meet at, a few
 * sensitive topics, both languages, and phone numbers from the ranges
 * Germany reserves for fiction, written as staff write them.
 * Deterministic: a splitmix64 generator seeded from the options, no clock,
 * no rand(). */
#include "generate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvfile.h"
#include "fold.h"

struct gen {
	unsigned long long state;
	const char *dir;
	struct diag *d;
	FILE *fp;
	char path[PATH_MAX];
};

static unsigned long long next(struct gen *g)
{
	unsigned long long z = (g->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static long long pick(struct gen *g, long long n)
{
	return (long long)(next(g) % (unsigned long long)n);
}

static double uniform(struct gen *g, double lo, double hi)
{
	return lo + (hi - lo) * (double)(next(g) >> 11) / 9007199254740992.0;
}

static const char *const organ_de[] = {
	"Herz", "Lungen", "Nieren", "Haut", "Augen", "Darm", "Leber", "Nerven", "Muskel", "Knochen",
	"Gelenk", "Blut", "Schilddrüsen", "Magen", "Hirn", "Ohr", "Rücken", "Stoffwechsel", "Immun",
	"Gefäß"};
static const char *const organ_en[] = {
	"Heart", "Lung", "Kidney", "Skin", "Eye", "Bowel", "Liver", "Nerve", "Muscle", "Bone",
	"Joint", "Blood", "Thyroid", "Stomach", "Brain", "Ear", "Back", "Metabolic", "Immune",
	"Vascular"};
static const char *const kind_de[] = {
	"erkrankung", "schwäche", "tumor", "entzündung", "krebs", "schmerzen", "allergie",
	"störung", "verletzung", "fehlbildung"};
static const char *const kind_en[] = {
	"disease", "weakness", "tumour", "inflammation", "cancer", "pain", "allergy", "disorder",
	"injury", "malformation"};
static const char *const who_de[] = {
	"", " bei Kindern", " im Alter", " (Angehörige)", " bei Frauen", " bei Männern",
	" in der Schwangerschaft", " (junge Erwachsene)", " (seltene Form)", " nach Operation"};
static const char *const who_en[] = {
	"", " in children", " in old age", " (relatives)", " in women", " in men",
	" in pregnancy", " (young adults)", " (rare form)", " after surgery"};
#define N(a) ((long long)(sizeof a / sizeof *a))

static const char *const town_pre[] = {"Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Bad ", "Hohen"};
static const char *const town_stem[] = {
	"linden", "birken", "eichen", "buchen", "tannen", "erlen", "eschen", "weiden", "ahorn",
	"kastanien", "rosen", "wiesen", "stein", "berg", "brunn", "mühl"};
static const char *const town_end[] = {
	"dorf", "hausen", "feld", "stedt", "bach", "au", "heim", "burg", "rode", "hagen"};

/* Germany's numbers for film and television, Bundesnetzagentur ranges,
 * written as staff write them. */
static const char *const phone_ranges[] = {"030 23125-", "(040) 66969-", "069/90009-",
					   "0221 4710 ", "089 99998-"};

static void topic_name(long long i, char *de, char *en, size_t cap)
{
	long long o = i % N(organ_de), k = (i / N(organ_de)) % N(kind_de);
	long long w = (i / (N(organ_de) * N(kind_de))) % N(who_de);
	long long type = i / (N(organ_de) * N(kind_de) * N(who_de));
	char suffix[32] = "";
	if (type)
		snprintf(suffix, sizeof suffix, " Typ %lld", type + 1);
	snprintf(de, cap, "%s%s%s%s", organ_de[o], kind_de[k], who_de[w], suffix);
	snprintf(en, cap, "%s %s%s%s", organ_en[o], kind_en[k], who_en[w], type ? suffix : "");
}

static void town_name(long long i, char *out, size_t cap)
{
	long long p = i % N(town_pre), s = (i / N(town_pre)) % N(town_stem);
	long long e = (i / (N(town_pre) * N(town_stem))) % N(town_end);
	long long n = i / (N(town_pre) * N(town_stem) * N(town_end));
	char stem[32];
	snprintf(stem, sizeof stem, "%s", town_stem[s]);
	if (town_pre[p][strlen(town_pre[p]) - 1] == ' ')
		stem[0] = (char)(stem[0] - 32);   /* "Bad Linden…" */
	snprintf(out, cap, "%s%s%s", town_pre[p], stem, town_end[e]);
	if (n)
		snprintf(out + strlen(out), cap - strlen(out), " %lld", n + 1);
}

/* Contact point i's postcode: 293 is prime to 99,999, so the first 99,999
 * places have distinct ones. */
static long long contact_postcode(long long i)
{
	return (1067 + i * 293) % 99999;
}

static void slugify(const char *name, char *out, size_t cap)
{
	char *f = fold_dup(name);
	size_t n = 0;
	for (const char *p = f ? f : ""; *p && n + 1 < cap; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (alnum)
			out[n++] = *p;
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	free(f);
}

static bool open_file(struct gen *g, const char *name, const char *header)
{
	snprintf(g->path, sizeof g->path, "%s/%s", g->dir, name);
	g->fp = fopen(g->path, "w");
	if (!g->fp) {
		diag_report(g->d, DIAG_ERROR, g->path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		return false;
	}
	fprintf(g->fp, "%s\n", header);
	return true;
}

static bool close_file(struct gen *g)
{
	bool ok = !ferror(g->fp);
	ok = fclose(g->fp) == 0 && ok;
	g->fp = NULL;
	if (!ok)
		diag_report(g->d, DIAG_ERROR, g->path, 0, 0, NULL, "cannot write: %s", strerror(errno));
	return ok;
}

/* Writes one row of `n` fields. */
static void row(struct gen *g, int n, const char *const *v)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', g->fp);
		csvfile_write_field(g->fp, v[i]);
	}
	fputc('\n', g->fp);
}

#define ROW(g, ...) row(g, (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)), \
			(const char *[]){__VA_ARGS__})

static bool write_topics(struct gen *g, long long topics)
{
	char de[160], en[160], slug[LIMIT_SLUG + 1], summary[400], rel[160], alias[160];
	if (!open_file(g, "topics.csv", "slug,related,sensitive"))
		return false;
	for (long long i = 0; i < topics; i++) {
		topic_name(i, de, en, sizeof de);
		slugify(de, slug, sizeof slug);
		char a[LIMIT_SLUG + 1] = "", b[LIMIT_SLUG + 1] = "";
		long long r1 = pick(g, topics), r2 = pick(g, topics);
		if (r1 != i)
			topic_name(r1, de, en, sizeof de), slugify(de, a, sizeof a);
		if (r2 != i && r2 != r1)
			topic_name(r2, de, en, sizeof de), slugify(de, b, sizeof b);
		snprintf(rel, sizeof rel, "%s%s%s", a, *a && *b ? " " : "", b);
		ROW(g, slug, rel, i % 25 == 0 ? "1" : "");   /* a few, as addiction and violence are */
	}
	if (!close_file(g) || !open_file(g, "topic_texts.csv", "slug,lang,name,summary"))
		return false;
	for (long long i = 0; i < topics; i++) {
		topic_name(i, de, en, sizeof de);
		slugify(de, slug, sizeof slug);
		snprintf(summary, sizeof summary, "Menschen mit %s treffen sich, tauschen Erfahrungen "
			 "aus und helfen einander im Alltag.", de);
		ROW(g, slug, "de", de, summary);
		snprintf(summary, sizeof summary, "People living with %s meet, share what they have "
			 "learnt and support each other.", en);
		ROW(g, slug, "en", en, summary);
	}
	if (!close_file(g) || !open_file(g, "aliases.csv", "slug,lang,alias"))
		return false;
	for (long long i = 0; i < topics; i++) {
		topic_name(i, de, en, sizeof de);
		slugify(de, slug, sizeof slug);
		/* A typical slip: one letter dropped in the middle of the word. */
		size_t cut = strlen(de) / 2;
		snprintf(alias, sizeof alias, "%.*s%s", (int)cut, de, de + cut + 1);
		if (((unsigned char)de[cut] & 0xC0) != 0x80 && ((unsigned char)de[cut] & 0x80) == 0)
			ROW(g, slug, "de", alias);
		snprintf(alias, sizeof alias, "%s (%s)", organ_en[i % N(organ_en)], "self-help");
		ROW(g, slug, "en", alias);
	}
	return close_file(g);
}

static bool write_contacts(struct gen *g, long long n)
{
	char id[24], town[64], name[128], street[64], pc[8], phone[24], email[96], web[96];
	char slug[LIMIT_SLUG + 1], lat[24], lon[24], areas[16];
	if (!open_file(g, "contact_points.csv", "id,name,street,postcode,town,phone,email,web,lat,lon,"
		       "step_free,hearing_loop,accessible_wc,areas"))
		return false;
	FILE *pcs = NULL;
	char pcs_path[PATH_MAX];
	snprintf(pcs_path, sizeof pcs_path, "%s/postcodes.csv", g->dir);
	pcs = fopen(pcs_path, "w");
	if (!pcs) {
		diag_report(g->d, DIAG_ERROR, pcs_path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		fclose(g->fp);
		return false;
	}
	fputs("postcode,town,lat,lon\n", pcs);
	for (long long i = 0; i < n; i++) {
		town_name(i, town, sizeof town);
		slugify(town, slug, sizeof slug);
		snprintf(id, sizeof id, "%lld", i + 1);
		snprintf(name, sizeof name, "Selbsthilfekontaktstelle %s", town);
		snprintf(street, sizeof street, "Hauptstraße %lld", pick(g, 120) + 1);
		snprintf(pc, sizeof pc, "%05lld", contact_postcode(i));
		snprintf(phone, sizeof phone, "%s%03lld", phone_ranges[i % 5], pick(g, 1000));
		snprintf(email, sizeof email, "kontakt@%s.example.org", slug);
		snprintf(web, sizeof web, "https://%s.example.org/", slug);
		double la = uniform(g, 47.5, 54.8), lo = uniform(g, 6.0, 14.8);
		snprintf(lat, sizeof lat, "%.5f", la);
		snprintf(lon, sizeof lon, "%.5f", lo);
		/* The first 338 places (postcodes 293 apart, below 99,999) serve
		 * their postcode and the nine after it; later ones, whose
		 * postcodes wrap around between those, their own only. Up to
		 * 5,000 places no two areas overlap. */
		if (i < 338)
			snprintf(areas, sizeof areas, "%s-%05lld", pc, contact_postcode(i) + 9);
		else
			snprintf(areas, sizeof areas, "%s", pc);
		ROW(g, id, name, street, pc, town, phone, email, web, lat, lon,
		    pick(g, 4) ? "1" : "0", pick(g, 2) ? "1" : "0", pick(g, 3) ? "1" : "0", areas);
		fprintf(pcs, "%s,%s,%s,%s\n", pc, town, lat, lon);
	}
	bool ok = fclose(pcs) == 0;
	if (!close_file(g) || !ok ||
	    !open_file(g, "contact_point_texts.csv", "id,lang,hours,accessibility,description"))
		return false;
	for (long long i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", i + 1);
		ROW(g, id, "de", "Mo–Do 9:00–16:00 Uhr\nFr 9:00–12:00 Uhr",
		    "Eingang ebenerdig, Aufzug im Haus.", "Beratung zu Selbsthilfegruppen in der Region.");
		ROW(g, id, "en", "Mon–Thu 9 am – 4 pm\nFri 9 am – 12 noon",
		    "Step-free entrance, lift in the building.", "Advice on self-help groups in the region.");
	}
	return close_file(g);
}

static bool write_groups(struct gen *g, long long n, long long topics, long long contacts)
{
	static const char *const kind[] = {"Selbsthilfegruppe", "Gesprächskreis", "Treffpunkt",
					   "Initiative"};
	static const char *const day_de[] = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"};
	static const char *const day_en[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
	char id[24], name[320], de[160], en[160], slug[LIMIT_SLUG + 1], slug2[LIMIT_SLUG + 1];
	char topics_field[2 * LIMIT_SLUG + 2], cp[24], town[64], phone[24], email[64], text[160];
	if (!open_file(g, "groups.csv", "id,name,topics,contact_point,phone,email,web,street,postcode,town"))
		return false;
	for (long long i = 0; i < n; i++) {
		long long t = pick(g, topics), c = pick(g, contacts);
		topic_name(t, de, en, sizeof de);
		slugify(de, slug, sizeof slug);
		snprintf(topics_field, sizeof topics_field, "%s", slug);
		long long t2 = pick(g, topics);
		if (pick(g, 10) == 0 && t2 != t) {
			topic_name(t2, de, en, sizeof de);
			slugify(de, slug2, sizeof slug2);
			snprintf(topics_field, sizeof topics_field, "%s %s", slug, slug2);
			topic_name(t, de, en, sizeof de);
		}
		town_name(c, town, sizeof town);
		snprintf(id, sizeof id, "%lld", i + 1);
		snprintf(name, sizeof name, "%s %s %s", kind[pick(g, 4)], de, town);
		snprintf(cp, sizeof cp, "%lld", c + 1);
		bool own = pick(g, 3) == 0;
		snprintf(phone, sizeof phone, "%s%03lld", phone_ranges[i % 5], pick(g, 1000));
		snprintf(email, sizeof email, "gruppe%lld@example.org", i + 1);
		/* Groups meet in their contact point's town, at its community centre. */
		char street[32], pc[8];
		snprintf(street, sizeof street, "Marktplatz %lld", c % 40 + 1);
		snprintf(pc, sizeof pc, "%05lld", contact_postcode(c));
		ROW(g, id, name, topics_field, cp, own ? phone : "", own ? email : "", "", street, pc, town);
	}
	if (!close_file(g) || !open_file(g, "group_texts.csv", "id,lang,schedule,place,note"))
		return false;
	for (long long i = 0; i < n; i++) {
		long long day = pick(g, 5), week = pick(g, 4) + 1, hour = 10 + pick(g, 10);
		snprintf(id, sizeof id, "%lld", i + 1);
		snprintf(text, sizeof text, "Jeden %lld. %s im Monat, %lld:00 Uhr", week, day_de[day], hour);
		ROW(g, id, "de", text, "Bürgerhaus, Gruppenraum", "");
		snprintf(text, sizeof text, "Every %lld%s %s of the month, %lld:00", week,
			 week == 1 ? "st" : week == 2 ? "nd" : week == 3 ? "rd" : "th", day_en[day], hour);
		ROW(g, id, "en", text, "Community centre, group room", "");
	}
	return close_file(g);
}

static bool write_rest(struct gen *g)
{
	if (!open_file(g, "meta.csv", "key,value"))
		return false;
	ROW(g, "title", "Synthetische Testdaten");
	ROW(g, "publisher", "wegweiser-content generate");
	ROW(g, "published", "2026-01-01");
	ROW(g, "languages", "de en");
	ROW(g, "demo", "1");
	ROW(g, "content_version", "1");
	if (!close_file(g) || !open_file(g, "pages.csv", "slug,position"))
		return false;
	ROW(g, "ueber", "1");
	if (!close_file(g) || !open_file(g, "page_texts.csv", "slug,lang,title,body"))
		return false;
	ROW(g, "ueber", "de", "Über diese Daten", "Diese Inhalte sind erzeugt.\n\nSie dienen Tests.");
	ROW(g, "ueber", "en", "About this data", "This content is generated.\n\nIt is for tests.");
	return close_file(g);
}

int generate_sources(const struct generate_options *o, struct diag *d)
{
	struct gen g = {.state = o->seed * 0x2545F4914F6CDD1DULL + 1, .dir = o->out_dir, .d = d};
	if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST) {
		diag_report(d, DIAG_ERROR, o->out_dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
		return -1;
	}
	bool ok = write_rest(&g) && write_topics(&g, o->topics) &&
		  write_contacts(&g, o->contact_points) &&
		  write_groups(&g, o->groups, o->topics, o->contact_points);
	return ok ? 0 : -1;
}
