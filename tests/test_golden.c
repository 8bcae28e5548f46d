/* The tree of every screen and dialog at three sizes, compared byte for
 * byte with the golden files in tests/golden/ (made by tests/golden.sh
 * through `make golden`). A difference fails the test and is printed as a
 * unified diff: a golden file changes only in a commit that says why. */
#include <stdlib.h>

#include "helpers.h"

LEAKFREE_TEST(golden, every_screen_as_before, .timeout = 300)
{
	char *dir = scratch_dir();
	cr_assert_eq(shell("sh tests/golden.sh build/san/wegweiser %s 2>%s/stderr.txt", dir, dir), 0,
		     "tests/golden.sh failed: see %s/stderr.txt", dir);
	int rc = shell("diff -ru tests/golden %s -x stderr.txt >&2", dir);
	cr_assert_eq(rc, 0, "the screens differ from tests/golden (diff above); if that is intended, "
		     "run `make golden` and say why in the commit");
	scratch_remove(dir);
}
