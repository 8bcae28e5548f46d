/* dialogs — what is shown over any screen: the idle question and the
 * state of a content update.
 *
 * "Are you still there?" with the seconds until the session is reset and
 * a button to stay; a content update being taken over ("do not remove the
 * stick", with a progress bar), or its outcome with an OK button. Both
 * dim the screen under them, and nothing under them can be touched. */
#include "screens.h"

#include <stdio.h>

void dialog_countdown(struct app *a, struct ui *ui, int seconds_left)
{
	char msg[256], n[16];
	snprintf(n, sizeof n, "%d", seconds_left);
	uistrings_fill(msg, sizeof msg, app_tr(a, "idle_countdown"), n);
	SDL_Rect row = layout_dialog(ui, ui->th->px.dialog, app_tr(a, "idle_question"), msg);
	const char *label = app_tr(a, "idle_continue");
	int bw = text_width(ui->text, STYLE_BUTTON, label) + 4 * ui->th->padding[STYLE_BUTTON];
	if (bw < row.w)
		row.w = bw;
	view_push(ui->l, ROLE_BUTTON, STYLE_BUTTON, row, label, "idle:continue");
}

void dialog_update(struct app *a, struct ui *ui, bool running, double done, bool applied, long long version,
		   const char *reason_key)
{
	const char *title = app_tr(a, running ? "update_running" : applied ? "update_applied_title"
				   : "update_refused_title");
	char msg[1024], number[32];
	snprintf(number, sizeof number, "%lld", version);
	uistrings_fill(msg, sizeof msg, app_tr(a, applied ? "update_applied" : "update_refused"),
		applied ? number : app_tr(a, reason_key));
	SDL_Rect row = layout_dialog(ui, ui->th->px.dialog_wide, title, running ? app_tr(a, "update_keep_stick") : msg);
	if (running) {
		/* The bar: a track and the part done. */
		int target = ui->th->px.target;
		SDL_Rect track = {row.x, row.y + target / 3, row.w, target / 3};
		view_push(ui->l, ROLE_BOX, STYLE_PANEL, track, "", NULL);
		SDL_Rect part = track;
		part.w = (int)(track.w * done);
		if (part.w > 0)
			view_push(ui->l, ROLE_BOX, STYLE_THUMB, part, "", NULL);
		return;
	}
	const char *label = app_tr(a, "update_ok");
	int bw = text_width(ui->text, STYLE_BUTTON, label) + 4 * ui->th->padding[STYLE_BUTTON];
	if (bw < row.w)
		row.w = bw;
	view_push(ui->l, ROLE_BUTTON, STYLE_BUTTON, row, label, "update:ok");
}
