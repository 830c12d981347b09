/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal JSON writer for --json: objects, arrays, strings, numbers,
 * booleans and null, with commas placed for the caller. Output is one
 * document on stdout ending in a newline.
 */
#ifndef NFTO_JSON_H
#define NFTO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE		*f;
	int		depth;
	bool		first[32];
};

void json_init(struct json *j, FILE *f);
/* @key is NULL inside arrays and for the top level. */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val); /* NULL: null */
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* Ends the document: a newline. */
void json_end(struct json *j);

#endif /* NFTO_JSON_H */
