//go:build cgo

// Package native answers questions with the system's SQLite when cgo is on.
package native

/*
#cgo LDFLAGS: -lsqlite3
#include <sqlite3.h>

static int godock_answer(void) {
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int answer = -1;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		return -1;
	}
	if (sqlite3_prepare_v2(db, "SELECT 6 * 7", -1, &stmt, 0) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			answer = sqlite3_column_int(stmt, 0);
		}
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return answer;
}
*/
import "C"

// Backend names the implementation this build uses.
const Backend = "sqlite3"

// Answer asks SQLite for 6 × 7.
func Answer() int { return int(C.godock_answer()) }

// Version is the linked SQLite's version.
func Version() string { return C.GoString(C.sqlite3_libversion()) }
