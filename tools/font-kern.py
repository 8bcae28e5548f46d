#!/usr/bin/env python3
"""font-kern.py — moves Open Sans's kerning from its old 'kern' table into GPOS.

Debian's Open Sans kerns with a 'kern' table of 18,694 glyph pairs (112 kB).
FreeType reads all of it into memory for every face it opens, and HarfBuzz
copies it once more for every font it shapes with; the kiosk opens a face for
each of its seven font sizes, so that table alone cost it some 1.5 MB. The
same pairs as a GPOS 'kern' feature, grouped into classes, take 16 kB, which
FreeType does not read at all. HarfBuzz places every glyph where the 'kern'
table placed it, in the Latin, Greek and Cyrillic scripts alike (checked with
hb-shape, and by the kiosk's screens, which stay the same to the pixel);
tests/test_text.c checks that the kiosk's fonts kern and have no 'kern' table.
The outlines, hinting and everything else are left as they are; the DSIG
table, which no longer matches, is dropped.

Needs python3-fonttools (only to run this, not to build or test the kiosk).
Run from the repository root, with the fonts of Debian's fonts-open-sans:
  python3 tools/font-kern.py /usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf \\
      assets/fonts/OpenSans-Regular.ttf
and the same for OpenSans-Semibold.ttf.
"""
import sys

from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.otlLib.optimize.gpos import compact
from fontTools.ttLib import TTFont


def main(source, target):
    font = TTFont(source, recalcTimestamp=False)
    if "kern" not in font:
        sys.exit(f"{source}: no 'kern' table to move")
    gpos = font["GPOS"].table if "GPOS" in font else None
    if gpos and gpos.FeatureList and any(r.FeatureTag == "kern" for r in gpos.FeatureList.FeatureRecord):
        sys.exit(f"{source}: GPOS kerns already")
    pairs = font["kern"].kernTables[0].kernTable   # {(left, right): font units}
    # Marks are skipped as HarfBuzz skips them with a 'kern' table.
    fea = ["languagesystem DFLT dflt;", "languagesystem latn dflt;", "languagesystem grek dflt;",
           "languagesystem cyrl dflt;", "feature kern {", "  lookupflag IgnoreMarks;"]
    order = sorted(pairs, key=lambda pair: (font.getGlyphID(pair[0]), font.getGlyphID(pair[1])))
    fea += [f"  pos \\{left} \\{right} {pairs[left, right]};" for left, right in order if pairs[left, right]]
    fea.append("} kern;")
    addOpenTypeFeaturesFromString(font, "\n".join(fea) + "\n", tables=["GPOS"])
    compact(font, 9)   # glyph pairs into classes where that is smaller
    del font["kern"]
    if "DSIG" in font:
        del font["DSIG"]
    font.save(target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: font-kern.py SOURCE.ttf TARGET.ttf")
    main(sys.argv[1], sys.argv[2])
