// SPDX-License-Identifier: GPL-2.0
/*
 * check -f: "flags offload" out of a ruleset file, with a scanner that
 * knows just enough of nft's syntax (words, "#" comments, quoted strings)
 * not to touch anything else.
 */
#include <ctype.h>
#include <string.h>

#include "nftfile.h"

#define MAX_FLAGS	16

static bool word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-';
}

static size_t skip_blanks(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i;
}

static size_t word_end(const char *t, size_t len, size_t i)
{
	while (i < len && word_char(t[i]))
		i++;
	return i;
}

static bool is_word(const char *t, size_t start, size_t end, const char *w)
{
	return end - start == strlen(w) && !memcmp(t + start, w, end - start);
}

static void blank(char *t, size_t start, size_t end)
{
	memset(t + start, ' ', end - start);
}

/*
 * The list after "flags" at @i: "a", "a, b", ... Blanks "offload" out of
 * it (and the whole statement when it was alone). Returns where the
 * list ends.
 */
static size_t flags_list(char *t, size_t len, size_t flags_start, size_t i,
			 struct nftfile_info *info)
{
	size_t start[MAX_FLAGS], end[MAX_FLAGS], comma[MAX_FLAGS];
	size_t n = 0, off = MAX_FLAGS;

	for (;;) {
		i = skip_blanks(t, len, i);
		if (i >= len || !word_char(t[i]) || n == MAX_FLAGS)
			break;
		start[n] = i;
		i = end[n] = word_end(t, len, i);
		if (is_word(t, start[n], end[n], "offload"))
			off = n;
		n++;
		i = skip_blanks(t, len, i);
		if (i >= len || t[i] != ',')
			break;
		comma[n - 1] = i++;
	}
	if (off == MAX_FLAGS)
		return i;
	info->stripped++;
	if (n == 1) {
		blank(t, flags_start, end[0]);
	} else if (off > 0) {
		/* ", offload": the comma before it goes too */
		blank(t, comma[off - 1], end[off]);
	} else {
		/* "offload, ": up to the next flag */
		blank(t, start[0], start[1]);
	}
	return i;
}

void nftfile_strip_offload(char *text, size_t len, struct nftfile_info *info)
{
	size_t i = 0, e;

	memset(info, 0, sizeof(*info));
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (i < len && (text[i] == '{' || text[i] == '['))
		info->json = true;
	while (i < len) {
		char ch = text[i];

		if (ch == '#') {
			while (i < len && text[i] != '\n')
				i++;
		} else if (ch == '"') {
			for (i++; i < len && text[i] != '"' && text[i] != '\n'; i++)
				if (text[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (word_char(ch)) {
			e = word_end(text, len, i);
			if (is_word(text, i, e, "include"))
				info->include = true;
			if (is_word(text, i, e, "flags"))
				e = flags_list(text, len, i, e, info);
			i = e;
		} else {
			i++;
		}
	}
}
